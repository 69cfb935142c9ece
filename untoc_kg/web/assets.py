"""The static files of the pages: the site's own (static/), and YASGUI's when `make setup`
installed it with npm (web-assets/, at /static/yasgui/). Nothing comes from a CDN."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
# npm installs into web-assets/node_modules of the checkout (Makefile, `setup`); an installed
# wheel has no such folder, and its SPARQL page is the plain form.
YASGUI_BUILD = Path(__file__).resolve().parents[2] / "web-assets" / "node_modules" / "@triply" / "yasgui" / "build"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")


def yasgui_installed() -> bool:
    return all((YASGUI_BUILD / name).is_file() for name in YASGUI_FILES)


def routes() -> list[Mount]:
    mounts = []
    if yasgui_installed():
        mounts.append(Mount("/static/yasgui", StaticFiles(directory=YASGUI_BUILD), name="yasgui"))
    mounts.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    return mounts

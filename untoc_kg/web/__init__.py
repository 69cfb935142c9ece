"""The web face of the graph (untoc-kg serve): one module per job; app.py puts them together."""

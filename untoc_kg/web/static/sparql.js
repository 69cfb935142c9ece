// The SPARQL page with YASGUI (installed by `make setup`): the editor takes the text area's
// query and the prefixes of the graph, and sends queries to this server's /sparql. The plain
// form under it stays for a browser without JavaScript.
(function () {
  var holder = document.getElementById("yasgui");
  if (!holder || typeof Yasgui === "undefined") return;
  var textarea = document.getElementById("query");
  // Autocompletion of prefixes and terms asks prefix.cc and LOV on the internet: off, the site works offline.
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name === "variables";
  });
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: window.location.origin + "/sparql" }]; } },
    persistenceId: null,
    yasqe: { value: textarea.value }
  });
  var tab = yasgui.getTab();
  tab.getYasqe().setValue(textarea.value);
  // The graph's own IRIs open on this server (/id/…), as in the rest of the site.
  var base = "https://w3id.org/untoc-kg/id/";
  tab.getYasr().on("drawn", function () {
    holder.querySelectorAll('a[href^="' + base + '"]').forEach(function (link) {
      link.href = "/id/" + link.getAttribute("href").slice(base.length);
      link.removeAttribute("target");
    });
  });
  document.querySelectorAll("a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      tab.getYasqe().setValue(link.getAttribute("data-query"));
      holder.scrollIntoView();
    });
  });
})();

#include "site/assets.hpp"

namespace factloom::site {

const char *const style_css = R"css(*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #ccc}
header nav a{display:inline-block;padding:.75rem .75rem .75rem 0;margin-right:.5rem}
a{color:#0645ad}a:focus{outline:3px solid #f90;outline-offset:2px}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem}
.kind{color:#555;margin-top:-.5rem}
section.part{border-top:2px solid #ccc;margin-top:2.5rem}h3{font-size:1.05rem;margin-top:1.5rem}
section.part:target{background:#fffbe6}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #e3e3e3}
th{background:#f4f4f4}
.at{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;color:#555;
overflow-wrap:anywhere}
figure{margin:1rem 0;overflow-x:auto}figure img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.9em}
ul.list{padding-left:1.2rem}ul.list li{margin:.25rem 0}
label{font-weight:600;display:block;margin:.5rem 0 .25rem}
input[type=search]{width:100%;max-width:30rem;font-size:1rem;padding:.5rem}
footer{color:#666;font-size:.85em;border-top:1px solid #ccc;margin-top:3rem;padding:1rem}
@media (max-width:40rem){
 table{display:block;overflow-x:auto;font-size:.9em}
 th,td{padding:.3rem}
 .at{font-size:.75em}
}
)css";

const char *const search_js = R"js((function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list || !window.factloomIndex) return;
  var root = document.body.getAttribute("data-root") || "";
  var index = window.factloomIndex;
  function show() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (q.length < 2) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < index.length && found < 50; i++) {
      var e = index[i];
      if (e[0].toLowerCase().indexOf(q) < 0) continue;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e[2];
      a.textContent = e[0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + e[1] + ")"));
      list.appendChild(li);
      found++;
    }
    status.textContent = found === 0 ? "Nothing found." :
        found + (found === 50 ? "+" : "") + " found.";
  }
  input.addEventListener("input", show);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); show(); }
})();
)js";

} // namespace factloom::site

/* cong — applied before the page paints (loaded without defer in <head>):
   marks <html> as scripted and restores the reader's font size and contrast. */
(function () {
  var d = document.documentElement;
  d.classList.add("js");
  try {
    var size = localStorage.getItem("loa-co-chu");
    if (size === "90" || size === "115" || size === "130") d.classList.add("co-chu-" + size);
    if (localStorage.getItem("loa-tuong-phan") === "1") d.classList.add("tuong-phan");
  } catch (e) { /* storage blocked: defaults */ }
})();

/* cong — theme behaviour (plain JS, loaded with defer; no inline handlers).
   Font size (A- A A+), contrast, the reader's date in the top bar, print
   buttons and the phone menu. Every part checks that its elements exist. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["90", "100", "115", "130"];
  var SIZE_KEY = "loa-co-chu";
  var CONTRAST_KEY = "loa-tuong-phan";

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* private mode: keep it for this page only */ }
  }
  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function announce(text) {
    var s = document.querySelector("[data-pref-status]");
    if (s) s.textContent = text;
  }

  root.classList.add("js");

  /* ---- font size ---- */
  function currentSize() {
    var v = read(SIZE_KEY);
    return SIZES.indexOf(v) >= 0 ? v : "100";
  }
  function applySize(size) {
    SIZES.forEach(function (s) { root.classList.remove("co-chu-" + s); });
    if (size !== "100") root.classList.add("co-chu-" + size);
    store(SIZE_KEY, size === "100" ? null : size);
  }
  each("[data-font]", function (b) {
    b.addEventListener("click", function () {
      var i = SIZES.indexOf(currentSize());
      var a = b.getAttribute("data-font");
      if (a === "up") i = Math.min(i + 1, SIZES.length - 1);
      else if (a === "down") i = Math.max(i - 1, 0);
      else i = 1;
      applySize(SIZES[i]);
      announce("Cỡ chữ " + SIZES[i] + "%");
    });
  });
  applySize(currentSize());

  /* ---- contrast ---- */
  function applyContrast(high) {
    root.classList.toggle("tuong-phan", high);
    store(CONTRAST_KEY, high ? "1" : null);
    each("[data-contrast]", function (b) {
      var isHigh = b.getAttribute("data-contrast") === "high";
      b.setAttribute("aria-pressed", String(isHigh === high));
    });
  }
  each("[data-contrast]", function (b) {
    b.addEventListener("click", function () {
      var high = b.getAttribute("data-contrast") === "high";
      applyContrast(high);
      announce(high ? "Đã bật chế độ tương phản cao" : "Đã tắt chế độ tương phản cao");
    });
  });
  applyContrast(read(CONTRAST_KEY) === "1");

  /* ---- today's date, in the reader's own time ---- */
  var WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  each("[data-today]", function (el) {
    var now = new Date();
    el.textContent = WEEKDAYS[now.getDay()] + ", " + pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear();
    if (el.tagName === "TIME") {
      el.setAttribute("datetime", now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()));
    }
  });

  /* ---- print ---- */
  each("[data-print]", function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  /* ---- phone menu ---- */
  each(".menu-toggle[aria-controls]", function (b) {
    var menu = document.getElementById(b.getAttribute("aria-controls"));
    if (!menu) return;
    b.addEventListener("click", function () {
      var open = b.getAttribute("aria-expanded") === "true";
      b.setAttribute("aria-expanded", String(!open));
    });
    document.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && b.getAttribute("aria-expanded") === "true") {
        b.setAttribute("aria-expanded", "false");
        b.focus();
      }
    });
  });
})();

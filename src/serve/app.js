// newsdex's page, enhanced: "/" focuses the search box from anywhere.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  var typing = event.target && (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA");
  if (event.key === "/" && box && !typing) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

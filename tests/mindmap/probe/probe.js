(function () {
  function visible(el) { return el.getClientRects().length > 0 && getComputedStyle(el).display !== "none"; }
  var result = {width: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth,
                svgVisible: [], narrowVisible: [], smallest: null, labels: []};
  document.querySelectorAll("svg.mindmap").forEach(function (svg) {
    result.svgVisible.push(visible(svg));
    if (visible(svg)) {
      svg.querySelectorAll("text").forEach(function (t) {
        var px = t.getBoundingClientRect().height;  // rendered line height of a label on screen
        if (result.smallest === null || px < result.smallest) result.smallest = px;
      });
    }
  });
  document.querySelectorAll(".mindmap-narrow").forEach(function (box) {
    result.narrowVisible.push(visible(box));
    if (visible(box)) {
      box.querySelectorAll("li").forEach(function (li) {
        var px = parseFloat(getComputedStyle(li).fontSize);
        if (result.smallest === null || px < result.smallest) result.smallest = px;
        result.labels.push(li.firstChild ? li.firstChild.textContent.trim() : "");
      });
    }
  });
  (window.parent || window).document.documentElement.setAttribute("data-probe", JSON.stringify(result));
})();

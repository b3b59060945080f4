/* bench/map.py's pan/zoom tour, run in the map page: moves the map step by step (animated, as a
 * dispatcher's mouse would), waits after each step until the basemap is drawn, and records the
 * interval between animation frames, per phase. Only JSON text goes back to Python. */
(function () {
  "use strict";

  function theMap() {
    var found = null;
    for (var name in window) {
      if (/^map_[0-9a-f]+$/.test(name) && window[name] instanceof L.Map) found = window[name];
    }
    return found;
  }

  /* Whether every tile layer has its tiles and the street labels are placed. */
  function idle(map) {
    var busy = false;
    map.eachLayer(function (layer) {
      if (layer instanceof L.GridLayer && layer.isLoading()) busy = true;
      if (layer._queue && layer._queue.length) busy = true; // street tiles still to draw
    });
    var stats = window.crBasemap && window.crBasemap.stats ? window.crBasemap.stats() : {};
    return !busy && !(stats.labels && stats.labels.busy);
  }

  function nextFrame() { return new Promise(function (resolve) { requestAnimationFrame(resolve); }); }

  function waitIdle(map, limitMs) {
    var started = performance.now();
    return new Promise(function (resolve) {
      (function check() {
        // two idle checks a frame apart: a label pass may start right after tiles arrive
        if (idle(map) || performance.now() - started > limitMs) {
          nextFrame().then(function () {
            if (idle(map) || performance.now() - started > limitMs) resolve(performance.now() - started);
            else setTimeout(check, 20);
          });
        } else setTimeout(check, 20);
      })();
    });
  }

  function moved(map, act) {
    return new Promise(function (resolve) {
      map.once("moveend", function () { resolve(); });
      act();
    });
  }

  var tour = { phases: {}, longTasks: {}, paint: {}, done: false, error: null, phase: null, last: null };

  /* Main-thread tasks over 50 ms (the page's own work, as opposed to a starved compositor). */
  function recordLongTasks() {
    if (!window.PerformanceObserver) return;
    try {
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) {
          if (tour.phase) (tour.longTasks[tour.phase] = tour.longTasks[tour.phase] || []).push(e.duration);
        });
      }).observe({ type: "longtask" });
    } catch (e) { /* not supported: frames only */ }
  }

  function recordFrames() {
    requestAnimationFrame(function frame(t) {
      if (tour.last !== null && tour.phase) {
        (tour.phases[tour.phase] = tour.phases[tour.phase] || []).push(t - tour.last);
      }
      tour.last = t;
      if (!tour.done) requestAnimationFrame(frame);
    });
  }

  async function step(map, s) {
    tour.phase = s.phase || null;
    var t = performance.now();
    if (s.view) await moved(map, function () { map.setView([s.view[0], s.view[1]], s.view[2], { animate: false }); });
    if (s.pan) await moved(map, function () { map.panBy(s.pan, { animate: true, duration: 0.6 }); });
    if (s.zoom !== undefined) await moved(map, function () { map.setZoom(s.zoom, { animate: true }); });
    var waited = await waitIdle(map, 15000);
    if (s.paint) tour.paint[s.paint] = performance.now() - t;
    return waited;
  }

  async function run(steps) {
    var map = theMap();
    recordFrames();
    recordLongTasks();
    try {
      for (var i = 0; i < steps.length; i++) await step(map, steps[i]);
    } catch (e) {
      tour.error = String(e && e.stack || e);
    }
    tour.phase = null;
    tour.done = true;
  }

  window.crTour = {
    start: function (steps) { run(steps); return true; },
    result: function () {
      return { done: tour.done, error: tour.error, phases: tour.phases, longTasks: tour.longTasks, paint: tour.paint };
    },
    idle: function () { return idle(theMap()); },
  };
})();

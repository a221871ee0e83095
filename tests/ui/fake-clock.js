// Test-only: the page's clock, which a test can move forward. Loaded before everything else
// of the harness, so the UI's timers (idle and modal limits, countdowns, the staff panel's
// inactivity, the corner-tap window) all run on it.
//
// Real time still passes (nothing changes for a test that does not touch the clock), and
// `__clock.advance(ms)` jumps it: every timer due within `ms` fires at once, in order, and
// `Date.now()`, `new Date()` and `performance.now()` move on by `ms`. So a test checks "not
// before the limit, then at it" by advancing the page's clock, not by sleeping beside it.
"use strict";

(function () {
  const native = {
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    dateNow: Date.now.bind(Date),
    perfNow: performance.now.bind(performance),
    Date: window.Date,
  };
  let offset = 0;
  let nextId = 1;
  const timers = new Map(); // id -> {fn, args, due, every, handle}

  const now = () => native.perfNow() + offset;

  function arm(id) {
    const t = timers.get(id);
    if (!t) return;
    native.clearTimeout(t.handle);
    t.handle = native.setTimeout(() => fire(id), Math.max(0, t.due - now()));
  }

  function fire(id) {
    const t = timers.get(id);
    if (!t) return;
    if (t.every === null) {
      timers.delete(id);
    } else {
      t.due += t.every;
      arm(id);
    }
    if (typeof t.fn === "function") t.fn(...t.args);
  }

  function add(fn, ms, args, repeat) {
    const delay = Math.max(0, Number(ms) || 0);
    const id = nextId++;
    timers.set(id, { fn, args, due: now() + delay, every: repeat ? Math.max(1, delay) : null, handle: 0 });
    arm(id);
    return id;
  }

  function clear(id) {
    const t = timers.get(id);
    if (t) native.clearTimeout(t.handle);
    timers.delete(id);
  }

  window.setTimeout = (fn, ms, ...args) => add(fn, ms, args, false);
  window.setInterval = (fn, ms, ...args) => add(fn, ms, args, true);
  window.clearTimeout = clear;
  window.clearInterval = clear;
  performance.now = () => now();

  class PageDate extends native.Date {
    constructor(...args) {
      if (args.length === 0) super(native.dateNow() + offset);
      else super(...args);
    }
    static now() {
      return native.dateNow() + offset;
    }
  }
  window.Date = PageDate;

  window.__clock = {
    /** Moves the page's clock on by `ms`, firing every timer due meanwhile, in order. */
    advance(ms) {
      const target = now() + ms;
      for (;;) {
        let next = null;
        for (const [id, t] of timers) {
          if (t.due <= target && (next === null || t.due < timers.get(next).due)) next = id;
        }
        if (next === null) break;
        offset += Math.max(0, timers.get(next).due - now());
        fire(next);
      }
      offset += Math.max(0, target - now());
      for (const id of timers.keys()) arm(id);
    },
  };
})();

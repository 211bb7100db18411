// Protections on screen: register data cannot be selected, copied, dragged or reached through
// the context menu, and the session locks after the office's idle time.

const IDLE_CHECK_MS = 5 * 1000;
// The page reports activity to the app at most this often; the app counts idle time from the
// last report.
const TOUCH_INTERVAL_MS = 15 * 1000;

function isEditable(target) {
  return target instanceof Element && target.closest('input, textarea, select') !== null;
}

export function installCopyGuard() {
  for (const type of ['copy', 'cut', 'dragstart', 'contextmenu']) {
    document.addEventListener(type, (event) => event.preventDefault(), true);
  }
  document.addEventListener('selectstart', (event) => {
    if (!isEditable(event.target)) {
      event.preventDefault();
    }
  }, true);
}

let idleLimitMs = 0;
let lastActivity = Date.now();
let lastTouch = 0;
let onIdle = () => {};
let onTouch = () => {};

// Starts counting idle time: after `minutes` without keyboard or mouse input, `idle` runs
// once. `touch` runs on activity, at most every TOUCH_INTERVAL_MS.
export function watchIdle(minutes, idle, touch) {
  idleLimitMs = minutes * 60 * 1000;
  lastActivity = Date.now();
  lastTouch = Date.now();
  onIdle = idle;
  onTouch = touch;
}

export function stopIdleWatch() {
  idleLimitMs = 0;
}

function recordActivity() {
  lastActivity = Date.now();
  if (idleLimitMs > 0 && lastActivity - lastTouch >= TOUCH_INTERVAL_MS) {
    lastTouch = lastActivity;
    onTouch();
  }
}

export function installIdleWatch() {
  for (const type of ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart']) {
    document.addEventListener(type, recordActivity, { capture: true, passive: true });
  }
  setInterval(() => {
    if (idleLimitMs > 0 && Date.now() - lastActivity >= idleLimitMs) {
      idleLimitMs = 0;
      onIdle();
    }
  }, IDLE_CHECK_MS);
}

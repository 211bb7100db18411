// Calls into the Rust commands. Every failure is an object {code, field, message, fields}:
// the code is stable, the field is the zh-CN label of the form field the message belongs to.

const SESSION_LOST = new Set(['desktop.session_idle', 'desktop.session_none']);

let onSessionLost = () => {};

// Sets what happens when a command finds the session locked or gone.
export function handleSessionLost(callback) {
  onSessionLost = callback;
}

export async function call(command, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(command, args);
  } catch (raw) {
    const error = normalize(raw);
    if (SESSION_LOST.has(error.code)) {
      onSessionLost(error);
    }
    throw error;
  }
}

function normalize(raw) {
  if (raw && typeof raw === 'object' && 'code' in raw) {
    return { field: null, fields: [], ...raw };
  }
  return { code: 'desktop.internal', field: null, fields: [], message: String(raw) };
}

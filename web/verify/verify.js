// The verify page's pack check: SHA-256 of a dropped or chosen file, computed in the browser and
// compared with the published pack_sha256. Messages come from the page's data-msg-* attributes, so the
// server renders them in the visitor's language and this file holds no visible text.
const main = document.getElementById('verify');
const input = document.getElementById('pack');
const drop = document.getElementById('drop');
const result = document.getElementById('result');
const actual = document.getElementById('actual');

function show(text, state) {
  result.textContent = text;
  result.className = 'result' + (state ? ' result-' + state : '');
  result.dataset.state = state || '';
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function check(file) {
  if (!file) return;
  if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
    show(main.dataset.msgInsecure, 'unavailable');
    return;
  }
  show(main.dataset.msgComputing, 'busy');
  actual.textContent = '';
  const digest = hex(await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  actual.textContent = digest;
  const ok = digest === main.dataset.sha256;
  show(ok ? main.dataset.msgMatch : main.dataset.msgMismatch, ok ? 'match' : 'mismatch');
}

if (main && input && drop && main.dataset.sha256) {
  if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
    show(main.dataset.msgInsecure, 'unavailable');
  }
  input.addEventListener('change', () => check(input.files[0]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('drop-over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('drop-over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('drop-over');
    check(e.dataTransfer.files[0]);
  });
}

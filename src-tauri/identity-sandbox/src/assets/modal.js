/* Identity sandbox modal (runs in the cross-origin iframe opened by the Stripe.js stand-in). */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var clientSecret = params.get('client_secret') || '';
  var parentOrigin = params.get('parent_origin') || '';
  // A file:// host page has the opaque origin "null", which postMessage cannot target.
  var target = parentOrigin && parentOrigin !== 'null' ? parentOrigin : '*';
  var base = '/_sandbox/verification_pages/' + encodeURIComponent(clientSecret);
  var stream = null;
  var done = false;

  function $(id) { return document.getElementById(id); }
  // The page's words in the locale Stripe.js was given (the server picked them; English fills gaps).
  var texts = {};
  try { texts = JSON.parse($('texts').textContent) || {}; } catch (e) { texts = {}; }
  function t(key) { return Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key; }
  var actionIds = ['outcome-verified', 'outcome-unverified', 'outcome-verified-async', 'outcome-unverified-async', 'decline-consent'];

  function setEnabled(on) {
    actionIds.forEach(function (id) { $(id).disabled = !on; });
  }
  function status(text) { $('modal-status').textContent = text; }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    var v = $('camera-preview');
    if (v) { v.srcObject = null; }
  }

  // Camera tracks are stopped before the host page hears the result.
  function send(result) {
    if (done) { return; }
    done = true;
    setEnabled(false);
    stopCamera();
    window.parent.postMessage({ source: 'identity-sandbox', kind: 'result', result: result }, target);
  }

  function connectionError() {
    return { error: { type: 'api_connection_error', message: 'Could not reach the Identity sandbox.' } };
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body,
      credentials: 'omit'
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, json: j }; });
    });
  }

  function submit(outcome) {
    setEnabled(false);
    status(t('submitting'));
    post(base + '/submit', 'outcome=' + encodeURIComponent(outcome)).then(function (r) {
      if (r.ok) {
        send({ verificationSession: { id: r.json.verification_session.id } });
      } else {
        send({ error: r.json.error });
      }
    }, function () { send(connectionError()); });
  }

  function decline() {
    setEnabled(false);
    post(base + '/decline', '').then(function (r) {
      if (r.ok) {
        send({ error: { type: 'invalid_request_error', code: 'consent_declined', message: 'You declined to be verified. You can try again later.' } });
      } else {
        send({ error: r.json.error });
      }
    }, function () { send(connectionError()); });
  }

  function close() {
    send({ error: { type: 'invalid_request_error', code: 'session_cancelled', message: 'The verification was closed before it was submitted.' } });
  }

  function startCamera() {
    var label = $('camera-status');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      label.textContent = t('camera_none');
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: true }).then(function (s) {
      if (done) {
        s.getTracks().forEach(function (t) { t.stop(); });
        return;
      }
      stream = s;
      var v = $('camera-preview');
      v.srcObject = s;
      v.hidden = false;
      label.textContent = t('camera_preview');
    }, function () {
      label.textContent = t('camera_none');
    });
  }

  function init() {
    document.querySelectorAll('[data-outcome]').forEach(function (b) {
      b.addEventListener('click', function () { submit(b.getAttribute('data-outcome')); });
    });
    $('decline-consent').addEventListener('click', decline);
    $('close-modal').addEventListener('click', close);
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { close(); }
    });
    window.addEventListener('message', function (ev) {
      if (ev.source !== window.parent || ev.origin !== parentOrigin) { return; }
      var d = ev.data;
      if (d && d.source === 'identity-sandbox-host' && d.kind === 'close') { close(); }
    });
    window.parent.postMessage({ source: 'identity-sandbox', kind: 'ready' }, target);

    fetch(base, { credentials: 'omit' }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, json: j }; });
    }).then(function (r) {
      if (!r.ok) {
        status(t(r.json.error && r.json.error.code === 'client_secret_used' ? 'link_used' : 'link_invalid'));
        send({ error: r.json.error });
        return;
      }
      status(t('choose_outcome'));
      setEnabled(true);
      $('outcome-verified').focus();
      startCamera();
    }, function () { send(connectionError()); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

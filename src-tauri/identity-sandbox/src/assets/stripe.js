/*
 * Identity Kiosk sandbox: a stand-in for Stripe.js v3 that implements only
 * Stripe(publishableKey) and stripe.verifyIdentity(clientSecret).
 * This is NOT Stripe.js. It talks only to the sandbox that served it.
 */
(function () {
  'use strict';
  if (window.Stripe && window.Stripe.identitySandbox) {
    return;
  }

  // The sandbox origin is wherever this script came from.
  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src]');
    for (var i = candidates.length - 1; i >= 0; i--) {
      if (/\/v3\/?(\?|#|$)/.test(candidates[i].src)) {
        script = candidates[i];
        break;
      }
    }
  }
  var SANDBOX_ORIGIN = script ? new URL(script.src, window.location.href).origin : window.location.origin;
  var LOAD_TIMEOUT_MS = 15000;
  var open = null;

  function integrationError(message) {
    var e = new Error(message);
    e.name = 'IntegrationError';
    return e;
  }

  function mask(key) {
    var m = /^(pk_(?:test|live)_)?(.*)$/.exec(key);
    var prefix = m[1] || '';
    var rest = m[2];
    var shown = rest.length >= 8 ? rest.slice(-4) : '';
    return prefix + new Array(rest.length - shown.length + 1).join('*') + shown;
  }

  function errorResult(type, code, message) {
    return { error: { type: type, code: code, message: message } };
  }

  function Stripe(key, options) {
    if (!(this instanceof Stripe)) {
      return new Stripe(key, options);
    }
    if (typeof key !== 'string') {
      throw integrationError('Invalid value for Stripe(): apiKey should be a string. You specified: ' + typeof key + '.');
    }
    if (key === '') {
      throw integrationError('Please call Stripe() with your publishable key. You used an empty string.');
    }
    if (/^(sk|rk)_/.test(key)) {
      throw integrationError('You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.');
    }
    if (!/^pk_(test|live)_[A-Za-z0-9_]+$/.test(key)) {
      throw integrationError('Invalid value for Stripe(): apiKey should be a publishable key (pk_test_... or pk_live_...). You specified: ' + mask(key) + '.');
    }
    if (/^pk_live_/.test(key) && window.location.protocol !== 'https:') {
      throw integrationError('Live Stripe.js integrations must use HTTPS. For more information: https://stripe.com/docs/security/guide#tls');
    }
    this._apiKey = key;
    // Stripe.js's `locale` option: a locale such as 'de' or 'zh-HK', or 'auto' (the default),
    // which means the browser's language. The modal is shown in it (English where the sandbox
    // has no texts), as Stripe's is.
    var locale = options && typeof options.locale === 'string' ? options.locale : 'auto';
    this._locale = locale === 'auto' ? (navigator.language || 'en') : locale;
  }

  Stripe.identitySandbox = true;
  Stripe.version = 3;

  function style(el, props) {
    for (var k in props) {
      if (Object.prototype.hasOwnProperty.call(props, k)) {
        el.style[k] = props[k];
      }
    }
  }

  Stripe.prototype.verifyIdentity = function (clientSecret) {
    var self = this;
    return new Promise(function (resolve) {
      if (typeof clientSecret !== 'string' || !/^vs_[A-Za-z0-9]+_secret_[A-Za-z0-9_]+$/.test(clientSecret)) {
        resolve(errorResult('invalid_request_error', 'resource_missing',
          'Invalid client secret: pass the client_secret of a VerificationSession.'));
        return;
      }
      if (open) {
        resolve(errorResult('invalid_request_error', 'modal_already_open',
          'A verification is already in progress on this page.'));
        return;
      }

      var previousFocus = document.activeElement;
      var overlay = document.createElement('div');
      overlay.id = 'identity-sandbox-overlay';
      overlay.setAttribute('data-testid', 'identity-sandbox-overlay');
      style(overlay, {
        position: 'fixed', top: '0', left: '0', right: '0', bottom: '0',
        width: '100vw', height: '100vh', zIndex: '2147483647',
        background: 'rgba(0, 0, 0, 0.6)', margin: '0', padding: '0'
      });
      var frame = document.createElement('iframe');
      frame.id = 'identity-sandbox-frame';
      frame.setAttribute('data-testid', 'identity-sandbox-frame');
      frame.title = 'Identity verification (sandbox)';
      frame.setAttribute('allow', 'camera; microphone');
      style(frame, { border: '0', width: '100%', height: '100%', display: 'block', background: 'transparent' });
      frame.src = SANDBOX_ORIGIN + '/_sandbox/modal?client_secret=' + encodeURIComponent(clientSecret) +
        '&parent_origin=' + encodeURIComponent(window.location.origin) +
        '&locale=' + encodeURIComponent(self._locale);

      var timer = null;
      function finish(result) {
        if (!open) {
          return;
        }
        open = null;
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        document.removeEventListener('keydown', onKey, true);
        if (overlay.parentNode) {
          overlay.parentNode.removeChild(overlay);
        }
        if (previousFocus && typeof previousFocus.focus === 'function') {
          previousFocus.focus();
        }
        resolve(result);
      }
      function onMessage(ev) {
        if (ev.origin !== SANDBOX_ORIGIN || ev.source !== frame.contentWindow) {
          return;
        }
        var d = ev.data;
        if (!d || d.source !== 'identity-sandbox') {
          return;
        }
        if (d.kind === 'ready') {
          clearTimeout(timer);
          frame.focus();
        } else if (d.kind === 'result' && d.result) {
          if (d.result.verificationSession && typeof d.result.verificationSession.id === 'string') {
            finish({ verificationSession: { id: d.result.verificationSession.id } });
          } else {
            var e = d.result.error || {};
            finish(errorResult(e.type || 'api_error', e.code, e.message || 'The verification failed.'));
          }
        }
      }
      function onKey(ev) {
        // Escape in the host page asks the modal to close (it stops its camera first).
        if (ev.key === 'Escape' && frame.contentWindow) {
          frame.contentWindow.postMessage({ source: 'identity-sandbox-host', kind: 'close' }, SANDBOX_ORIGIN);
        }
      }

      open = { finish: finish };
      window.addEventListener('message', onMessage);
      document.addEventListener('keydown', onKey, true);
      timer = setTimeout(function () {
        finish(errorResult('api_connection_error', 'sandbox_unreachable',
          'Could not load the verification modal from the Identity sandbox at ' + SANDBOX_ORIGIN + '.'));
      }, LOAD_TIMEOUT_MS);
      overlay.appendChild(frame);
      (document.body || document.documentElement).appendChild(overlay);
    });
  };

  window.Stripe = Stripe;
})();

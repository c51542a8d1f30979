// Passkeys (WebAuthn) on /login and /me/security. Loaded with <script src defer> (the CSP allows no inline script).
// A form marked data-passkey="create" or "get" is shown only where the browser supports passkeys; on submit this script
// asks the server for the options (data-passkey-options, a POST with the form's antiforgery token), lets the browser
// create or use the passkey, puts the browser's answer (JSON) in the form's "Credential" field and submits the form.
// The server checks everything; without this script the forms stay hidden and the pages say that JavaScript is needed.
(() => {
  'use strict';

  const supported = typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;

  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };

  const toB64url = (buffer) => {
    let raw = '';
    for (const b of new Uint8Array(buffer)) {
      raw += String.fromCharCode(b);
    }
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  const withIds = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));

  const creationOptions = (json) => ({
    ...json,
    challenge: toBytes(json.challenge),
    user: { ...json.user, id: toBytes(json.user.id) },
    excludeCredentials: withIds(json.excludeCredentials),
  });

  const requestOptions = (json) => ({
    ...json,
    challenge: toBytes(json.challenge),
    allowCredentials: withIds(json.allowCredentials),
  });

  const credentialJson = (credential) => {
    if (typeof credential.toJSON === 'function') {
      return JSON.stringify(credential.toJSON());
    }
    const r = credential.response;
    const response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toB64url(r.authenticatorData);
      response.signature = toB64url(r.signature);
      if (r.userHandle) {
        response.userHandle = toB64url(r.userHandle);
      }
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toB64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response,
    });
  };

  const message = (error, creating) => {
    switch (error && error.name) {
      case 'NotAllowedError':
        return 'パスキーの確認が取り消されたか、時間切れになりました。もう一度お試しください。';
      case 'InvalidStateError':
        return 'この端末のパスキーは既に登録されています。';
      case 'SecurityError':
        return 'このアドレスではパスキーを使えません（システム管理者へ連絡してください）。';
      default:
        return creating
          ? 'パスキーを登録できませんでした。もう一度お試しください。'
          : 'パスキーでログインできませんでした。もう一度お試しいただくか、ユーザー名とパスワードでログインしてください。';
    }
  };

  for (const form of document.querySelectorAll('form[data-passkey]')) {
    const box = form.closest('[data-passkey-box]') || form;
    const section = box.parentElement;
    if (!supported) {
      const note = section && section.querySelector('[data-passkey-unsupported]');
      if (note) {
        note.hidden = false;
      }
      continue;
    }
    box.hidden = false;
    const creating = form.dataset.passkey === 'create';
    const status = form.querySelector('[data-passkey-status]');
    const button = form.querySelector('button[type=submit]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      button.disabled = true;
      status.textContent = creating ? 'パスキーを作成しています。表示される確認に答えてください。' : '表示される確認に答えてください。';
      try {
        const body = new FormData();
        body.append('__RequestVerificationToken', form.querySelector('input[name=__RequestVerificationToken]').value);
        const answer = await fetch(form.dataset.passkeyOptions, { method: 'POST', body, credentials: 'same-origin' });
        if (!answer.ok) {
          throw new Error('options ' + answer.status);
        }
        const options = await answer.json();
        const credential = creating
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options), mediation: 'optional' });
        form.querySelector('input[name=Credential]').value = credentialJson(credential);
        status.textContent = creating ? '登録しています…' : 'ログインしています…';
        form.submit();
      } catch (error) {
        status.textContent = message(error, creating);
        button.disabled = false;
      }
    });
  }
})();

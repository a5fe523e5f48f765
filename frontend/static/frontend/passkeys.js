// Naming a new passkey (frontend/auth/_passkey_add.html). django-otp-webauthn's script runs the
// browser's ceremony when "Add a passkey" is pressed and announces the stored passkey with the
// "otp_webauthn.register_complete" event; this then sends the form with that passkey's id and the
// name typed beside the button. Enter in the name field presses the button instead of sending the
// form without a passkey.
(function () {
  "use strict";
  const form = document.getElementById("passkey-name-form");
  if (!form) {
    return;
  }
  document.addEventListener("otp_webauthn.register_complete", function (event) {
    form.elements.passkey.value = event.detail.id;
    form.submit();
  });
  form.addEventListener("submit", function (event) {
    if (form.elements.passkey.value) {
      return;
    }
    event.preventDefault();
    const button = document.getElementById("passkey-register-button");
    if (button && !button.disabled) {
      button.click();
    }
  });
})();

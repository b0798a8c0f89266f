// 朗读: a button with `data-speak` reads its text aloud with the browser's own speech synthesis
// (zh-CN). The text is written for listening at build time (cards) or by the calculator's engine
// (results), so nothing is fetched and nothing leaves the phone. A second press stops reading.
// Where the phone has no Chinese voice the button says so instead of staying silent.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var NO_VOICE = "这部手机没有中文朗读语音";
  var current = null;

  function zhVoice(voices) {
    for (var i = 0; i < voices.length; i++) {
      if (/^zh/i.test(voices[i].lang || "")) return voices[i];
    }
    return null;
  }

  // Voices load late on some phones: wait for `voiceschanged`, but not for ever.
  function voices(done) {
    var list = synth.getVoices();
    if (list && list.length) return done(list);
    var finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      synth.removeEventListener("voiceschanged", finish);
      done(synth.getVoices() || []);
    }
    synth.addEventListener("voiceschanged", finish);
    setTimeout(finish, 1500);
  }

  function label(button, text) {
    if (!button.dataset.label) button.dataset.label = button.textContent;
    button.textContent = text;
  }

  function reset(button) {
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.removeAttribute("aria-pressed");
    if (current === button) current = null;
  }

  function say(button) {
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
      label(button, "这部手机不能朗读");
      return;
    }
    if (current === button) {
      synth.cancel();
      reset(button);
      return;
    }
    if (current) {
      synth.cancel();
      reset(current);
    }
    voices(function (list) {
      var voice = zhVoice(list);
      if (!voice) {
        label(button, NO_VOICE);
        return;
      }
      var u = new window.SpeechSynthesisUtterance(button.getAttribute("data-speak"));
      u.lang = "zh-CN";
      u.voice = voice;
      u.rate = 0.9;
      u.onend = u.onerror = function () {
        reset(button);
      };
      current = button;
      label(button, "停止朗读");
      button.setAttribute("aria-pressed", "true");
      synth.speak(u);
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest ? e.target.closest("button[data-speak]") : null;
    if (button) say(button);
  });
})();

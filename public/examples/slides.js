// A minimal slide deck: one slide visible at a time, iframes load when their slide is first shown, and slide 2
// drives its embedded Layer Lab through the documented postMessage API (same origin, so no allow-list needed).
(function () {
  const slides = Array.from(document.querySelectorAll('.slide'));
  const page = document.getElementById('page');
  let index = 0;

  function show(i) {
    index = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach((s, k) => s.classList.toggle('active', k === index));
    for (const frame of slides[index].querySelectorAll('iframe[data-src]')) {
      if (!frame.getAttribute('src')) frame.setAttribute('src', frame.dataset.src);
    }
    page.textContent = `${index + 1} / ${slides.length}`;
    history.replaceState(null, '', `#${index + 1}`);
  }

  document.getElementById('prev').addEventListener('click', () => show(index - 1));
  document.getElementById('next').addEventListener('click', () => show(index + 1));
  window.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'PageDown') show(index + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') show(index - 1);
  });

  const driven = document.getElementById('driven');
  const status = document.getElementById('driven-state');
  const appOrigin = window.location.origin;
  for (const button of document.querySelectorAll('[data-set]')) {
    button.addEventListener('click', () => {
      driven.contentWindow.postMessage({ type: 'layerlab:set', state: JSON.parse(button.dataset.set) }, appOrigin);
    });
  }
  window.addEventListener('message', (e) => {
    if (e.origin !== appOrigin || e.source !== driven.contentWindow) return;
    const msg = e.data;
    if (!msg || typeof msg.type !== 'string') return;
    if (msg.type === 'layerlab:state' || msg.type === 'layerlab:ready') {
      const s = msg.state || {};
      status.textContent = `stride ${s.sH}×${s.sW} · kernel ${s.kH}×${s.kW}`;
      status.dataset.stride = String(s.sH);
      status.dataset.kernel = String(s.kH);
    } else if (msg.type === 'layerlab:notice') {
      status.textContent = `Layer Lab says: ${msg.message}`;
    }
  });

  // Slide 5 embeds a lesson: lesson:goto moves it, lesson:step reports where it is (after its own Next/Back too).
  const lesson = document.getElementById('lesson');
  const lessonState = document.getElementById('lesson-state');
  for (const button of document.querySelectorAll('[data-goto]')) {
    button.addEventListener('click', () => {
      lesson.contentWindow.postMessage({ type: 'lesson:goto', step: Number(button.dataset.goto) }, appOrigin);
    });
  }
  window.addEventListener('message', (e) => {
    if (e.origin !== appOrigin || e.source !== lesson.contentWindow) return;
    const msg = e.data;
    if (!msg || typeof msg.type !== 'string') return;
    if (msg.type === 'lesson:step') {
      lessonState.textContent = `step ${msg.step} of ${msg.steps}: ${msg.title}`;
      lessonState.dataset.step = String(msg.step);
    } else if (msg.type === 'layerlab:notice') {
      lessonState.textContent = `Layer Lab says: ${msg.message}`;
      lessonState.dataset.notice = msg.message;
    }
  });

  const start = Number((window.location.hash || '#1').slice(1));
  show(Number.isFinite(start) ? start - 1 : 0);
})();

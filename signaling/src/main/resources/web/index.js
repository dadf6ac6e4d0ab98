// The start page: opens the chosen page for the room. A file of its own, since the
// Content-Security-Policy runs no inline script.
document.getElementById('open').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  location.href = '/' + f.page.value + '?room=' + encodeURIComponent(f.room.value);
});

// Shows the rendered cells once they are all there (Voila's inline `voila_finish()`).
window.voila_finish();

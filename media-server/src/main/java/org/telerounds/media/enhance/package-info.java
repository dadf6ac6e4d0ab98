/**
 * Server-side voice enhancement for a rounding cart: align and combine the {@code mic:patient} and
 * {@code mic:room} microphones, notch the ward's alarm tones, then high-pass, noise suppression and adaptive gain with WebRTC's
 * AudioProcessing, then a limiter. {@link org.telerounds.media.enhance.EnhancementPipeline} is the
 * PCM pipeline shared by the live {@link org.telerounds.media.enhance.CartEnhancer} and the
 * offline {@link org.telerounds.media.enhance.EnhanceCommand}. {@code audio:stethoscope} is never
 * processed ({@link org.telerounds.media.enhance.EnhancementPolicy}). Method: docs/audio.md.
 */
package org.telerounds.media.enhance;

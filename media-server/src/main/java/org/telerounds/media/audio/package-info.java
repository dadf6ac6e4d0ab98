/**
 * Opus audio in and out of the server: a per-stream jitter buffer with Opus loss concealment
 * ({@link org.telerounds.media.audio.OpusStreamDecoder}) that turns RTP Opus payloads into 48 kHz
 * mono 20 ms PCM frames, an Opus encoder for server-made tracks (both on the system libopus
 * through JNA when it loads, on Concentus otherwise: {@link org.telerounds.media.audio.OpusLibrary}),
 * WAV file I/O for offline tools, and level measurement. Used by voice enhancement and, later, by transcription. No Netty here.
 */
package org.telerounds.media.audio;

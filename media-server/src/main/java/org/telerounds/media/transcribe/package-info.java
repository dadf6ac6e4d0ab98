/**
 * Live transcription: per-speaker audio in, {@link org.telerounds.media.transcribe.Caption} events
 * out. A {@link org.telerounds.media.transcribe.TranscriptionService} owns the recognition threads
 * and resolves a {@link org.telerounds.media.transcribe.Transcriber} (one speech engine and model)
 * per hospital and room; each speaker gets a
 * {@link org.telerounds.media.transcribe.TranscriptionStream} that only copies and enqueues on the
 * caller's (media) thread. Resampling, voice-activity segmentation and decoding run on the
 * service's own {@code transcribe-*} threads. In a running server the packet tap
 * {@link org.telerounds.media.transcribe.LiveTranscription} feeds the streams from the SFU: one
 * {@code SpeakerFeed} (Opus decoding with jitter buffer, FEC and PLC) per transcribed track.
 * Engines live in the {@code engine} subpackage.
 */
package org.telerounds.media.transcribe;

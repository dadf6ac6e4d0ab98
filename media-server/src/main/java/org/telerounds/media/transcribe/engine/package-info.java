/**
 * Speech engines behind one small SPI: {@link org.telerounds.media.transcribe.engine.SpeechEngine}
 * (a loaded model, shared by streams) makes one
 * {@link org.telerounds.media.transcribe.engine.EngineDecoder} per stream. Two real engines:
 * PocketSphinx (Debian's {@code libpocketsphinx.so.3} through JNA, with the {@code
 * pocketsphinx-en-us} model) and Vosk ({@code com.alphacephei:vosk}, model directory from config).
 */
package org.telerounds.media.transcribe.engine;

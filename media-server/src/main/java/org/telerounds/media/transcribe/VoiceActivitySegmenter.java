package org.telerounds.media.transcribe;

/**
 * Splits 16 kHz mono PCM into utterances by frame energy, in 10 ms frames. A frame is voiced when
 * its energy is {@code thresholdDb} above a tracked noise floor (which falls at once to quieter
 * frames and rises by 1 dB/s otherwise, so steady ward noise is learned), with no absolute floor
 * (a whisper in a quiet room is speech; energies are held at {@value #SILENCE_DB} dBFS or above, so
 * digital silence is not). An utterance starts after 3 voiced frames in a row, and its audio starts
 * {@code preRollFrames} before that, so word onsets are not cut. It ends after {@code
 * hangoverFrames} unvoiced frames (the trailing silence that decides the final), or when it reaches
 * {@code maxFrames}. Utterances with fewer than {@code minVoicedFrames} voiced frames (a beep, a
 * cough) are reported as discarded. Not thread-safe.
 */
public final class VoiceActivitySegmenter {
  /** Samples per frame at 16 kHz. */
  public static final int FRAME = 160;
  private static final int ONSET_FRAMES = 3;
  private static final double FLOOR_RISE_DB = 0.01;
  /** Energies below this count as this: about the level of 16-bit quantisation noise. */
  static final double SILENCE_DB = -90;

  /** What the segmenter decided about the audio; positions are 16 kHz samples since the start. */
  public interface Sink {
    /** Speech began; {@code preRoll} holds the frames (oldest first) that precede the current one. */
    void speechStart(long firstSample, short[] preRoll, int preRollLen);

    /** One frame inside the utterance (the frame that triggered the start included). */
    void speech(short[] frame, int off);

    /** The utterance ended at {@code endSample} (exclusive, end of the last voiced frame). */
    void speechEnd(long endSample, boolean keep);
  }

  private final double thresholdDb;
  private final int hangoverFrames;
  private final int maxFrames;
  private final int minVoicedFrames;
  private final short[] preRoll;
  private final short[] preRollCopy;
  private final int preRollFrames;
  private int preRollCount;
  private int preRollHead;
  private double floorDb = Double.NaN;
  private long frameIndex;
  private boolean inSpeech;
  private int onsetRun;
  private int silentRun;
  private int voiced;
  private int utteranceFrames;
  private long lastVoicedEnd;

  public VoiceActivitySegmenter(double thresholdDb, int preRollFrames, int hangoverFrames,
      int maxFrames, int minVoicedFrames) {
    this.thresholdDb = thresholdDb;
    this.preRollFrames = preRollFrames;
    this.hangoverFrames = hangoverFrames;
    this.maxFrames = maxFrames;
    this.minVoicedFrames = minVoicedFrames;
    this.preRoll = new short[Math.max(1, preRollFrames + ONSET_FRAMES) * FRAME];
    this.preRollCopy = new short[preRoll.length];
  }

  public boolean inSpeech() {
    return inSpeech;
  }

  /** Current noise floor estimate in dBFS (NaN before the first frame). */
  public double floorDb() {
    return floorDb;
  }

  /** Classifies one 10 ms frame ({@link #FRAME} samples at {@code frame[off]}). */
  public void process(short[] frame, int off, Sink sink) {
    double db = Math.max(SILENCE_DB, energyDb(frame, off));
    if (Double.isNaN(floorDb) || db < floorDb) {
      floorDb = db;
    } else if (!inSpeech || db < floorDb + thresholdDb) {
      floorDb += FLOOR_RISE_DB;
    }
    boolean isVoiced = db > floorDb + thresholdDb;
    long frameStart = frameIndex * FRAME;
    frameIndex++;
    if (!inSpeech) {
      onsetRun = isVoiced ? onsetRun + 1 : 0;
      if (onsetRun >= ONSET_FRAMES) {
        int held = preRollCount;
        int len = copyPreRoll();
        inSpeech = true;
        voiced = onsetRun;
        utteranceFrames = onsetRun;
        silentRun = 0;
        lastVoicedEnd = frameStart + FRAME;
        sink.speechStart(frameStart - (long) held * FRAME, preRollCopy, len);
        sink.speech(frame, off);
      } else {
        pushPreRoll(frame, off);
      }
      return;
    }
    sink.speech(frame, off);
    utteranceFrames++;
    if (isVoiced) {
      voiced++;
      silentRun = 0;
      lastVoicedEnd = frameStart + FRAME;
    } else {
      silentRun++;
    }
    if (silentRun >= hangoverFrames || utteranceFrames >= maxFrames) {
      end(sink);
    }
  }

  /** Ends an open utterance now (end of file, stream closing). */
  public void flush(Sink sink) {
    if (inSpeech) {
      end(sink);
    }
  }

  private void end(Sink sink) {
    inSpeech = false;
    onsetRun = 0;
    sink.speechEnd(lastVoicedEnd, voiced >= minVoicedFrames);
  }

  private void pushPreRoll(short[] frame, int off) {
    int frames = preRoll.length / FRAME;
    System.arraycopy(frame, off, preRoll, preRollHead * FRAME, FRAME);
    preRollHead = (preRollHead + 1) % frames;
    preRollCount = Math.min(preRollCount + 1, frames);
  }

  /** Copies the held frames, oldest first, into {@link #preRollCopy} and empties the ring. */
  private int copyPreRoll() {
    int frames = preRoll.length / FRAME;
    int start = (preRollHead - preRollCount + frames) % frames;
    for (int i = 0; i < preRollCount; i++) {
      System.arraycopy(preRoll, ((start + i) % frames) * FRAME, preRollCopy, i * FRAME, FRAME);
    }
    int len = preRollCount * FRAME;
    preRollCount = 0;
    preRollHead = 0;
    return len;
  }

  static double energyDb(short[] f, int off) {
    double sum = 0;
    for (int i = 0; i < FRAME; i++) {
      double v = f[off + i] / 32768.0;
      sum += v * v;
    }
    return 10 * Math.log10(sum / FRAME + 1e-12);
  }
}

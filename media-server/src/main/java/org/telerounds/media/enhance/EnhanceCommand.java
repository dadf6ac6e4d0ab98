package org.telerounds.media.enhance;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.telerounds.media.audio.ActiveSpeechLevel;
import org.telerounds.media.audio.BadAudioFileException;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.audio.SnrEstimate;
import org.telerounds.media.audio.WavFiles;

/**
 * {@code telerounds enhance --patient a.wav [--room b.wav] --out c.wav [--preset standard]}: runs
 * the live {@link EnhancementPipeline} over WAV files (48 kHz) and prints levels and a blind SNR
 * estimate before and after. Presets come from the same configuration as the server. Exit codes:
 * 0 done, 1 processing failed, 2 bad arguments or files (one line on {@code err}, no stack trace).
 */
public final class EnhanceCommand {
  static final String USAGE =
      "usage: telerounds enhance --patient a.wav [--room b.wav] --out c.wav [--preset gentle|standard|aggressive|none]";

  private EnhanceCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String patient = null, room = null, dest = null, presetName = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) { out.println(USAGE); return 0; }
      if (i + 1 >= args.length || !a.startsWith("--")) return bad(err, "unexpected argument '" + a + "'");
      String v = args[++i];
      switch (a) {
        case "--patient" -> patient = v;
        case "--room" -> room = v;
        case "--out" -> dest = v;
        case "--preset" -> presetName = v;
        default -> { return bad(err, "unknown option " + a); }
      }
    }
    if (patient == null || dest == null) return bad(err, "--patient and --out are required");
    EnhancementConfig config;
    try {
      config = EnhancementConfig.from(ConfigFactory.load());
    } catch (ConfigException e) {
      return bad(err, "bad configuration: " + e.getMessage());
    }
    EnhancementPreset preset = config.preset(presetName == null ? config.presetName() : presetName).orElse(null);
    if (preset == null) return bad(err, "unknown preset '" + presetName + "' (gentle, standard, aggressive or none)");
    float[] p, r = null;
    try {
      p = WavFiles.read(Path.of(patient));
      if (room != null) r = WavFiles.read(Path.of(room));
    } catch (BadAudioFileException e) {
      return bad(err, e.getMessage());
    }
    out.printf(Locale.ROOT, "telerounds enhance: preset %s (noise suppression %s, target %.1f dBFS, max gain %.1f dB), %s%n",
        preset.name(), preset.noiseSuppression().wireName(), preset.targetLevelDbfs(), preset.maxGainDb(),
        r == null ? "patient mic only" : "patient + room mics");
    report(out, "input patient", p);
    if (r != null) report(out, "input room   ", r);
    float[] y;
    try (EnhancementPipeline pipeline = new EnhancementPipeline(preset, config.maxMicDelayMs(), config.alarmTonesHz())) {
      y = process(pipeline, p, r, err);
      if (r != null) out.printf(Locale.ROOT, "mic delay: the room mic hears the patient %+.2f ms later%n", pipeline.micDelayMs());
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      err.println("telerounds enhance: processing failed: " + e);
      return 1;
    }
    report(out, "output       ", y);
    try {
      WavFiles.write(Path.of(dest), y);
    } catch (IOException e) {
      return bad(err, dest + ": cannot be written (" + e.getMessage() + ")");
    }
    out.println("wrote " + dest);
    return 0;
  }

  /** Runs the pipeline frame by frame; the output has the patient file's length. */
  static float[] process(EnhancementPipeline pipeline, float[] p, float[] r, PrintStream progress) {
    int frames = (p.length + Pcm.FRAME_SAMPLES - 1) / Pcm.FRAME_SAMPLES;
    float[] y = new float[frames * Pcm.FRAME_SAMPLES];
    float[] a = new float[Pcm.FRAME_SAMPLES], b = new float[Pcm.FRAME_SAMPLES], o = new float[Pcm.FRAME_SAMPLES];
    boolean longFile = frames > 30 * 50;
    for (int f = 0; f < frames; f++) {
      int off = f * Pcm.FRAME_SAMPLES;
      copyFrame(p, off, a);
      boolean hasRoom = r != null && off < r.length;
      if (hasRoom) copyFrame(r, off, b);
      pipeline.process(a, hasRoom ? b : null, o);
      System.arraycopy(o, 0, y, off, Pcm.FRAME_SAMPLES);
      if (longFile && f % (frames / 10) == 0 && f > 0) {
        progress.printf(Locale.ROOT, "telerounds enhance: %d%%%n", 100L * f / frames);
      }
    }
    return java.util.Arrays.copyOf(y, p.length);
  }

  private static void copyFrame(float[] src, int off, float[] dst) {
    int n = Math.max(0, Math.min(Pcm.FRAME_SAMPLES, src.length - off));
    System.arraycopy(src, off, dst, 0, n);
    java.util.Arrays.fill(dst, n, Pcm.FRAME_SAMPLES, 0f);
  }

  private static void report(PrintStream out, String what, float[] x) {
    out.printf(Locale.ROOT, "%s: %.1f s, RMS %.1f dBFS, active speech level %.1f dBFS, estimated SNR %.1f dB%n",
        what, x.length / (double) Pcm.SAMPLE_RATE, Pcm.dbfs(Pcm.meanSquare(x, 0, x.length)),
        ActiveSpeechLevel.dbfs(x), SnrEstimate.db(x));
  }

  private static int bad(PrintStream err, String msg) {
    err.println("telerounds enhance: " + msg);
    err.println(USAGE);
    return 2;
  }
}

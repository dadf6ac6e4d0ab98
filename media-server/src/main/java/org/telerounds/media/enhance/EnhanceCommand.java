package org.telerounds.media.enhance;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telerounds.media.cli.Cli;
import org.telerounds.media.cli.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.telerounds.media.audio.ActiveSpeechLevel;
import org.telerounds.media.audio.BadAudioFileException;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.audio.SnrEstimate;
import org.telerounds.media.audio.WavFiles;

/**
 * {@code telerounds enhance --patient a.wav [--room b.wav] --out c.wav [--preset standard]
 * [--force]}: runs the live {@link EnhancementPipeline} over WAV files (48 kHz) and prints levels
 * and a blind SNR estimate before and after. Presets come from the same configuration as the
 * server. Exit codes: 0 done, 1 processing failed, 2 bad arguments or files (one line on
 * {@code err}, no stack trace).
 *
 * <p>A recording is never lost: the output may not be one of the inputs (by path or as the same
 * file through a link), an existing output is replaced only with {@code --force}, and the output's
 * directory is checked before any processing. The output is written to a temporary file beside it
 * and moved into place, so a failure leaves no half-written file.
 */
@Command(name = "enhance", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Enhance a cart's patient (and room) microphone recordings as the live server does.")
public final class EnhanceCommand implements Callable<Integer>, Cli.Tool {
  static final String USAGE =
      "usage: telerounds enhance --patient a.wav [--room b.wav] --out c.wav [--preset gentle|standard|aggressive|none]"
      + " [--force]";

  @Option(names = "--patient", required = true, paramLabel = "WAV", description = "the patient microphone (48 kHz)")
  Path patient;
  @Option(names = "--room", paramLabel = "WAV", description = "the room microphone (48 kHz), optional")
  Path room;
  @Option(names = "--out", required = true, paramLabel = "WAV", description = "where to write the result")
  Path dest;
  @Option(names = "--preset", paramLabel = "NAME", description = "gentle, standard, aggressive or none "
      + "(default: the configured preset)")
  String presetName;
  @Option(names = "--force", description = "replace the output file if it exists (never an input)")
  boolean force;
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  @Override
  public void streams(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command as the CLI does; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.execute(new EnhanceCommand(), "telerounds enhance", args, out, err);
  }

  @Override
  public Integer call() {
    String problem = OutputFiles.problem(dest, force, patient, room);
    if (problem != null) return bad(err, problem);
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
      p = WavFiles.read(patient);
      if (room != null) r = WavFiles.read(room);
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
      OutputFiles.writeAtomically(dest, tmp -> WavFiles.write(tmp, y));
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

package org.telerounds.media.transcribe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telerounds.media.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.telerounds.media.transcribe.engine.EngineSettings;
import org.telerounds.media.transcribe.engine.EngineUnavailableException;
import org.telerounds.media.transcribe.engine.SpeechEngine;
import org.telerounds.media.transcribe.engine.SpeechEngines;

/**
 * {@code telerounds transcribe FILE.wav [--engine pocketsphinx|vosk] [--model DIR] [--language L]
 * [--no-partials]}: runs the live pipeline ({@link SpeakerPipeline}: segmentation, engine,
 * partials and finals) over a file and prints one JSON line per caption ({@link CaptionJson}),
 * with times from the start of the file. Progress goes to stderr for files over a minute. Exit
 * status: 0 done, 2 bad usage or unreadable input, 3 engine or model unavailable.
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Caption a WAV file as the live server does: one JSON line per caption on stdout.")
public final class TranscribeCommand implements Callable<Integer>, Cli.Tool {
  static final String USAGE =
      "usage: telerounds transcribe FILE.wav [--engine pocketsphinx|vosk] [--model DIR] [--language L] [--no-partials]";

  @Parameters(index = "0", paramLabel = "FILE.wav", description = "the recording (any rate, mono or stereo PCM)")
  Path file;
  @Option(names = "--engine", paramLabel = "ENGINE", description = "pocketsphinx (default) or vosk")
  String engine = EngineSettings.POCKETSPHINX;
  @Option(names = "--model", paramLabel = "DIR", description = "the engine's model directory")
  String model;
  @Option(names = "--language", paramLabel = "L", description = "the model's language (default en-us)")
  String language = "en-us";
  @Option(names = "--no-partials", description = "print final captions only")
  boolean noPartials;
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  @Override
  public void streams(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command as the CLI does; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.execute(new TranscribeCommand(), "transcribe", args, out, err);
  }

  @Override
  public Integer call() {
    String engine = this.engine.toLowerCase(Locale.ROOT);
    boolean partials = !noPartials;
    if (!engine.equals(EngineSettings.POCKETSPHINX) && !engine.equals(EngineSettings.VOSK)) {
      err.println("transcribe: unknown engine '" + engine + "' (expected pocketsphinx or vosk)");
      return 2;
    }
    short[] pcm;
    try {
      pcm = WavReader.read16kMono(file);
    } catch (IOException e) {
      err.println("transcribe: " + e.getMessage());
      return 2;
    }
    String dir = model != null ? model
        : engine.equals(EngineSettings.POCKETSPHINX) ? "/usr/share/pocketsphinx/model/en-us" : "";
    var settings = new EngineSettings(engine, Path.of(dir), language, model != null ? "--model" : "--model (not given)");
    var config = TranscriptionConfig.from(com.typesafe.config.ConfigFactory.defaultReference());
    final boolean emitPartials = partials;
    CaptionListener print = c -> {
      if (emitPartials || c.isFinal()) {
        out.println(CaptionJson.toJson(c));
      }
    };
    try (SpeechEngine e = SpeechEngines.load(settings);
        SpeakerPipeline p = new SpeakerPipeline(new Speaker("file", "file", file.getFileName().toString()),
            e.newDecoder(), config.newSegmenter(), config.partialIntervalFrames(), print,
            TranscriptionMetrics.discard(), Clock.systemUTC())) {
      int chunk = 320; // 20 ms, as the live feed delivers
      long lastProgress = 0;
      for (int i = 0; i < pcm.length; i += chunk) {
        p.process(pcm, i, Math.min(chunk, pcm.length - i), i / 16, 0, emitPartials);
        if (pcm.length > 60 * 16_000 && i / 16 - lastProgress >= 60_000) {
          lastProgress = i / 16;
          err.printf(Locale.ROOT, "transcribe: %d of %d s%n", lastProgress / 1000, pcm.length / 16_000);
        }
      }
    } catch (EngineUnavailableException e) {
      err.println("transcribe: " + e.getMessage());
      return 3;
    }
    return 0;
  }
}

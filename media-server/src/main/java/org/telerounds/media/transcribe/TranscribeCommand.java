package org.telerounds.media.transcribe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
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
public final class TranscribeCommand {
  static final String USAGE =
      "usage: telerounds transcribe FILE.wav [--engine pocketsphinx|vosk] [--model DIR] [--language L] [--no-partials]";

  private TranscribeCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String file = null;
    String engine = EngineSettings.POCKETSPHINX;
    String model = null;
    String language = "en-us";
    boolean partials = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--engine", "--model", "--language" -> {
          if (i + 1 >= args.length) {
            err.println("transcribe: " + a + " needs a value; " + USAGE);
            return 2;
          }
          String v = args[++i];
          if (a.equals("--engine")) {
            engine = v.toLowerCase(Locale.ROOT);
          } else if (a.equals("--model")) {
            model = v;
          } else {
            language = v;
          }
        }
        case "--no-partials" -> partials = false;
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> {
          if (a.startsWith("--") || file != null) {
            err.println("transcribe: unexpected argument '" + a + "'; " + USAGE);
            return 2;
          }
          file = a;
        }
      }
    }
    if (file == null) {
      err.println("transcribe: no input file; " + USAGE);
      return 2;
    }
    if (!engine.equals(EngineSettings.POCKETSPHINX) && !engine.equals(EngineSettings.VOSK)) {
      err.println("transcribe: unknown engine '" + engine + "' (expected pocketsphinx or vosk)");
      return 2;
    }
    short[] pcm;
    try {
      pcm = WavReader.read16kMono(Path.of(file));
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
        SpeakerPipeline p = new SpeakerPipeline(new Speaker("file", "file", Path.of(file).getFileName().toString()),
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

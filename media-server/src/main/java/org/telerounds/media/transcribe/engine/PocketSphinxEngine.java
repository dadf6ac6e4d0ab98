package org.telerounds.media.transcribe.engine;

import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PocketSphinx 5prealpha from Debian ({@code libpocketsphinx3}) through JNA, with the {@code
 * pocketsphinx-en-us} model laid out as {@code <model-dir>/<language>/} (acoustic model), {@code
 * <model-dir>/<language>.lm.bin} and {@code <model-dir>/cmudict-<language>.dict}. JNA rather than
 * a subprocess: one in-process decoder per stream gives partial hypotheses on demand and word
 * times without parsing a tool's log output. Each decoder loads its own copy of the model (about
 * 0.3 s and 40 MB); creation is serialised because sphinxbase's logging setup is global.
 */
public final class PocketSphinxEngine implements SpeechEngine {
  /** The Debian soname; the dev symlink {@code libpocketsphinx.so} is not installed by default. */
  public static final String LIBRARY = "libpocketsphinx.so.3";
  private static final Object INIT_LOCK = new Object();
  private static final AtomicInteger LIVE_DECODERS = new AtomicInteger();
  private static volatile PocketSphinxNative nativeLib;

  private final Path hmm;
  private final Path lm;
  private final Path dict;

  private PocketSphinxEngine(Path hmm, Path lm, Path dict) {
    this.hmm = hmm;
    this.lm = lm;
    this.dict = dict;
  }

  /** Checks that the library and the model files exist; decoders are made per stream. */
  public static PocketSphinxEngine load(EngineSettings s) throws EngineUnavailableException {
    Path dir = s.modelDir();
    Path hmm = dir.resolve(s.language());
    Path lm = dir.resolve(s.language() + ".lm.bin");
    Path dict = dir.resolve("cmudict-" + s.language() + ".dict");
    for (Path p : new Path[] {hmm, lm, dict}) {
      if (!Files.exists(p)) {
        throw new EngineUnavailableException("PocketSphinx model not found: " + p + " is missing ("
            + s.modelKey() + " = " + dir + ", language " + s.language()
            + "; install Debian package pocketsphinx-en-us)");
      }
    }
    library();
    return new PocketSphinxEngine(hmm, lm, dict);
  }

  static PocketSphinxNative library() throws EngineUnavailableException {
    PocketSphinxNative lib = nativeLib;
    if (lib == null) {
      synchronized (INIT_LOCK) {
        if (nativeLib == null) {
          try {
            nativeLib = Native.load(LIBRARY, PocketSphinxNative.class);
          } catch (UnsatisfiedLinkError e) {
            throw new EngineUnavailableException("PocketSphinx library " + LIBRARY
                + " cannot be loaded (install Debian package libpocketsphinx3): " + e.getMessage(), e);
          }
        }
        lib = nativeLib;
      }
    }
    return lib;
  }

  /** Native decoders currently alive in this JVM (made by {@link #newDecoder}, not yet closed). */
  public static int liveDecoders() {
    return LIVE_DECODERS.get();
  }

  @Override
  public String name() {
    return EngineSettings.POCKETSPHINX;
  }

  @Override
  public EngineDecoder newDecoder() throws EngineUnavailableException {
    PocketSphinxNative lib = library();
    synchronized (INIT_LOCK) {
      var config = lib.cmd_ln_init(null, lib.ps_args(), 1,
          "-hmm", hmm.toString(), "-lm", lm.toString(), "-dict", dict.toString(),
          "-samprate", "16000", "-logfn", "/dev/null", null);
      if (config == null) {
        throw new EngineUnavailableException("PocketSphinx rejected its configuration (model " + hmm + ")");
      }
      var ps = lib.ps_init(config);
      if (ps == null) {
        lib.cmd_ln_free_r(config);
        throw new EngineUnavailableException("PocketSphinx failed to load the model at " + hmm);
      }
      LIVE_DECODERS.incrementAndGet();
      return new PocketSphinxDecoder(lib, config, ps, LIVE_DECODERS::decrementAndGet);
    }
  }

  @Override
  public void close() {
    // Nothing shared: each decoder owns its model copy and frees it on close.
  }
}

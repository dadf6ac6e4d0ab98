package org.telerounds.cart.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.telerounds.cart.validate.Problems;

/**
 * Loads a profile file. A cart file names its model with {@code extends = "rc200"}; the loader
 * reads {@code <models>/rc200.conf} and deep-merges the cart over it ({@code withFallback}), so a
 * cart sets only what differs, down to a single key such as {@code cameras.room.fps}. Lists are
 * replaced whole, and setting a key to {@code null} removes it. The models directory defaults to
 * {@code ../models} next to the cart file's own directory. Inheritance is one level deep: a base
 * profile may not extend another.
 *
 * <p>Profiles are uploaded by admins, so a profile reaches nothing outside itself and its base:
 * every HOCON {@code include} is refused ({@link NoIncludes}), and substitutions ({@code ${key}})
 * resolve only against the profile merged over its base, never against environment variables,
 * system properties or the server's configuration. A substitution that does not resolve there is
 * refused with a message naming only the reference as written. Files are capped at
 * {@value #MAX_FILE_BYTES} bytes and a profile and its base at {@value #MAX_SUBSTITUTIONS}
 * substitutions together, so nested substitutions cannot blow up the rendered tree.
 */
public final class ProfileLoader {
  private static final Pattern MODEL = Pattern.compile("[a-z0-9-]{1,64}");
  /** The largest profile file read, in bytes; real profiles are a few KiB. */
  public static final int MAX_FILE_BYTES = 64 * 1024;
  /** The most {@code ${...}} a profile and its base may hold together. */
  public static final int MAX_SUBSTITUTIONS = 8;
  private static final ConfigParseOptions PARSE = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
      .setAllowMissing(false).setIncluder(NoIncludes.INSTANCE);

  private final Path modelsDir;

  /** A loader resolving {@code extends} in {@code modelsDir}, or next to each file when null. */
  public ProfileLoader(Path modelsDir) {
    this.modelsDir = modelsDir;
  }

  /** The default models directory for {@code file}: {@code <file's dir>/../models}. */
  public static Path defaultModelsDir(Path file) {
    Path dir = file.getParent() == null ? Path.of("") : file.getParent();
    return dir.resolve("..").resolve("models").normalize();
  }

  /**
   * Loads {@code file}, recording problems with {@code extends} in {@code problems}. A base
   * profile ({@code problems.isBase()}) may not extend anything.
   */
  public LoadedProfile load(Path file, Problems problems) throws BadFileException {
    int[] substitutions = {0};
    Config cart = parse(file, "profile", substitutions);
    ConfigValue ext = extendsOf(cart, file, "profile");
    if (ext == null || ext.valueType() == ConfigValueType.NULL) {
      return new LoadedProfile(resolve(cart, file), null);
    }
    Config own = cart.withoutPath("extends");
    if (problems.isBase()) {
      problems.add("extends", "no extends in a base profile (inheritance is one level deep)",
          describe(ext), ext.origin());
      return new LoadedProfile(resolve(own, file), null);
    }
    if (ext.valueType() != ConfigValueType.STRING || !MODEL.matcher((String) ext.unwrapped()).matches()) {
      problems.add("extends", "a model name matching [a-z0-9-]{1,64}", describe(ext), ext.origin());
      return new LoadedProfile(resolve(own, file), null);
    }
    String model = (String) ext.unwrapped();
    Path dir = modelsDir != null ? modelsDir : defaultModelsDir(file);
    Path baseFile = dir.resolve(model + ".conf");
    if (!Files.isRegularFile(baseFile)) {
      problems.add("extends", "a base profile at " + baseFile, "no such file", ext.origin());
      return new LoadedProfile(resolve(own, file), model);
    }
    Config base = parse(baseFile, "base profile", substitutions);
    ConfigValue baseExt = extendsOf(base, baseFile, "base profile");
    if (baseExt != null && baseExt.valueType() != ConfigValueType.NULL) {
      problems.add("extends", "no extends in a base profile (inheritance is one level deep)",
          describe(baseExt), baseExt.origin());
      base = base.withoutPath("extends");
    }
    return new LoadedProfile(resolve(own.withFallback(base), file), model);
  }

  /**
   * The unresolved {@code extends} value, or null. It must be a plain value: a substitution there
   * (found by fuzzing: {@code extends = [1,2]${?PATH}}) cannot be typed before resolving, which
   * itself needs the base profile that {@code extends} names.
   */
  private static ConfigValue extendsOf(Config config, Path file, String what) throws BadFileException {
    ConfigValue ext = config.root().get("extends");
    try {
      if (ext != null) ext.valueType();
      return ext;
    } catch (ConfigException.NotResolved e) {
      throw new BadFileException("extends in " + what + " " + file + " (line " + ext.origin().lineNumber()
          + ") must be a plain model name such as \"rc200\", not a substitution");
    }
  }

  private static Config parse(Path file, String what, int[] substitutions) throws BadFileException {
    if (!Files.exists(file)) {
      throw new BadFileException("cannot read " + what + " " + file + ": no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new BadFileException("cannot read " + what + " " + file + ": not a readable file");
    }
    String text = TextFiles.read(file, what, MAX_FILE_BYTES);
    substitutions[0] += countSubstitutions(text);
    if (substitutions[0] > MAX_SUBSTITUTIONS) {
      throw new BadFileException("too many substitutions in " + what + " " + file + ": at most "
          + MAX_SUBSTITUTIONS + " ${...} in a profile and its base together");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), PARSE);
    } catch (NoIncludes.Refused e) {
      throw new BadFileException("include refused in " + what + " " + file + ": " + e.getMessage());
    } catch (ConfigException e) {
      throw new BadFileException("malformed HOCON in " + what + " " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // The parser does not turn every bad escape into a ConfigException: a backslash-u escape of "-999"
      // reached Character.toChars with a negative code point (found by ProfileFuzzTest's long run).
      throw new BadFileException("malformed HOCON in " + what + " " + file + ": " + e.getMessage());
    }
  }

  /** Counts {@code ${} in the raw text: a cheap upper bound on the substitutions it holds. */
  static int countSubstitutions(String text) {
    int n = 0;
    for (int i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) n++;
    return n;
  }

  private static Config resolve(Config config, Path file) throws BadFileException {
    try {
      // noSystem: no environment variables; a parsed document never sees system properties
      return config.resolve(ConfigResolveOptions.noSystem().setAllowUnresolved(false));
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw new BadFileException("cannot resolve substitutions in " + file + ": " + e.getMessage()
          + " (a substitution may name only a key of this profile or its base profile; environment"
          + " variables, system properties and server settings are never read)");
    } catch (ConfigException e) {
      throw new BadFileException("cannot resolve substitutions in " + file + ": " + e.getMessage());
    }
  }

  private static String describe(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING
        ? "\"" + v.unwrapped() + "\"" : v.valueType().name().toLowerCase(java.util.Locale.ROOT);
  }
}

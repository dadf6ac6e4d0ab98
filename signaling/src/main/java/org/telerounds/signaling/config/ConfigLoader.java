package org.telerounds.signaling.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the one configuration tree: environment overrides ({@code CONFIG_FORCE_...} and the
 * {@code TELEROUNDS_*} variables named in reference.conf), then the file given with
 * {@code --config}, then every module's reference.conf. Wrong types fail here naming the key.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Config load(Path overrideFile) {
    Config file = ConfigFactory.empty();
    if (overrideFile != null) {
      if (!Files.isRegularFile(overrideFile)) {
        throw new com.typesafe.config.ConfigException.Generic("config file not found: " + overrideFile);
      }
      file = ConfigFactory.parseFile(overrideFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
    Config reference = ConfigFactory.defaultReference();
    Config merged = ConfigFactory.systemEnvironmentOverrides()
        .withFallback(ConfigFactory.systemProperties().withOnlyPath("telerounds"))
        .withFallback(file)
        .withFallback(reference)
        .resolve();
    merged.checkValid(reference, "telerounds");
    return merged;
  }
}

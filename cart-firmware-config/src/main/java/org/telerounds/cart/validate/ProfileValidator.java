package org.telerounds.cart.validate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import org.telerounds.cart.model.AudioInput;
import org.telerounds.cart.model.Camera;
import org.telerounds.cart.model.CartProfile;
import org.telerounds.cart.model.Identity;
import org.telerounds.cart.model.Network;
import org.telerounds.cart.model.Privacy;

/**
 * Validates a merged profile tree section by section and builds the {@link CartProfile}. The
 * schema version is checked first: a profile declaring another version is not read further,
 * since its other problems would only be noise. Every other section is always read, so one run
 * reports every problem in the file.
 */
public final class ProfileValidator {
  /** The keys allowed at the top of a merged profile ({@code extends} is consumed by the loader). */
  public static final List<String> KEYS =
      List.of("schema-version", "identity", "cameras", "audio-inputs", "network", "privacy");

  private ProfileValidator() {}

  /**
   * Validates {@code profile}. {@code extendsModel} is the model named by the cart file's
   * {@code extends} (or {@code null}); {@code problems} may already hold the loader's problems and
   * says whether this is a base profile.
   */
  public static Validation validate(Config profile, String extendsModel, Problems problems) {
    Section root = new Section("", profile.root(), problems);
    if (!schemaVersionSupported(root)) {
      return new Validation(problems.list(), null);
    }
    root.rejectUnknown(KEYS);
    Identity identity = IdentityValidator.read(root, extendsModel);
    List<Camera> cameras = CameraValidator.read(root);
    List<AudioInput> audio = AudioInputValidator.read(root);
    Network network = NetworkValidator.read(root);
    Privacy privacy = PrivacyValidator.read(root);
    if (!problems.isEmpty() || problems.isBase()) {
      return new Validation(problems.list(), null);
    }
    return new Validation(List.of(),
        new CartProfile(CartProfile.SCHEMA_VERSION, identity, cameras, audio, network, privacy));
  }

  private static boolean schemaVersionSupported(Section root) {
    String expected = String.valueOf(CartProfile.SCHEMA_VERSION);
    ConfigValue v = root.value("schema-version");
    if (v == null) {
      root.missing("schema-version", expected);
      return true;
    }
    Object n = v.unwrapped();
    if (v.valueType() != ConfigValueType.NUMBER || !(n instanceof Integer i) || i != CartProfile.SCHEMA_VERSION) {
      root.problem("schema-version", expected + " (the schema version this tool supports)", Found.describe(v));
      return false;
    }
    return true;
  }
}

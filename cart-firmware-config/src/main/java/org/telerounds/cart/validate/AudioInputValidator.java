package org.telerounds.cart.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.telerounds.cart.model.AudioInput;
import org.telerounds.cart.model.AudioRole;
import org.telerounds.cart.model.Preset;
import org.telerounds.cart.model.Processing;

/**
 * Reads {@code audio-inputs}, an object of device name to input. Each input has a label pattern,
 * a role, a processing mode and a preset. Exactly one input is {@code mic:patient}, at most one
 * {@code mic:room} and at most one {@code audio:stethoscope}; a stethoscope is always
 * {@code bypass}, a bypassed input has preset {@code none}, and an enhanced one a real preset
 * ({@code standard} unless told otherwise).
 */
final class AudioInputValidator {
  static final List<String> KEYS = List.of("label-pattern", "role", "processing", "preset");
  static final List<String> ROLES = Arrays.stream(AudioRole.values()).map(AudioRole::wire).toList();
  static final List<String> PROCESSING = Arrays.stream(Processing.values()).map(Processing::wire).toList();
  static final List<String> PRESETS = Arrays.stream(Preset.values()).map(Preset::wire).toList();
  private static final List<String> ENHANCE_PRESETS = PRESETS.subList(1, PRESETS.size());

  private AudioInputValidator() {}

  /** The inputs, sorted by name; only meaningful when no problem was recorded. */
  static List<AudioInput> read(Section root) {
    Section inputs = root.object("audio-inputs", true, "an object of device name to audio input");
    if (inputs == null) {
      return List.of();
    }
    DeviceRules rules = new DeviceRules(inputs, "audio input");
    List<AudioInput> out = new ArrayList<>();
    for (String name : inputs.keys()) {
      Section a = Devices.device(inputs, name);
      if (a == null) {
        continue;
      }
      a.rejectUnknown(KEYS);
      String pattern = Devices.labelPattern(a);
      String role = a.choice("role", ROLES, null);
      rules.claim(a, role, pattern);
      String processing = a.choice("processing", PROCESSING, null);
      if (AudioRole.STETHOSCOPE.wire().equals(role) && "enhance".equals(processing)) {
        a.problem("processing", "bypass (a stethoscope is never enhanced)", Found.quote(processing));
        processing = null;
      }
      String preset = preset(a, processing);
      if (role != null && processing != null && preset != null) {
        out.add(new AudioInput(name, pattern, AudioRole.values()[ROLES.indexOf(role)],
            Processing.valueOf(processing.toUpperCase(Locale.ROOT)),
            Preset.valueOf(preset.toUpperCase(Locale.ROOT))));
      }
    }
    rules.requireRoles(List.of(AudioRole.PATIENT.wire()));
    return out;
  }

  /** The preset, defaulted and checked against the processing mode. */
  private static String preset(Section a, String processing) {
    boolean bypass = "bypass".equals(processing);
    String preset = a.choice("preset", PRESETS, bypass ? "none" : "standard");
    if (preset == null || processing == null) {
      return preset;
    }
    if (bypass && !preset.equals("none")) {
      a.problem("preset", "none (processing is bypass)", Found.quote(preset));
      return null;
    }
    if (!bypass && preset.equals("none")) {
      a.problem("preset", "one of " + String.join(", ", ENHANCE_PRESETS) + " (processing is enhance)",
          Found.quote(preset));
      return null;
    }
    return preset;
  }
}

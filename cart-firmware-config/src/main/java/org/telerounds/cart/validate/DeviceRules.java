package org.telerounds.cart.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that span all devices of one kind (cameras, or audio inputs): no two devices share a
 * role or a label pattern, and each required role is played by some device. Validators
 * {@link #claim} each device's role and pattern as they read it, then call {@link #requireRoles}.
 */
final class DeviceRules {
  private final Section devices;
  private final String noun;
  private final Map<String, String> roleOwners = new LinkedHashMap<>();
  private final Map<String, String> patternOwners = new LinkedHashMap<>();

  /** Rules for the devices in {@code devices}; {@code noun} is "camera" or "audio input". */
  DeviceRules(Section devices, String noun) {
    this.devices = devices;
    this.noun = noun;
  }

  /** Records that {@code device} plays {@code role} and matches {@code pattern} (either may be null). */
  void claim(Section device, String role, String pattern) {
    if (role != null) {
      String owner = roleOwners.putIfAbsent(role, device.path());
      if (owner != null) {
        device.problem("role", "a role no other " + noun + " has",
            Found.quote(role) + ", which " + owner + " already has");
      }
    }
    if (pattern != null) {
      String owner = patternOwners.putIfAbsent(pattern, device.path());
      if (owner != null) {
        device.problem("label-pattern", "a label pattern no other " + noun + " has",
            Found.quote(pattern) + ", which " + owner + " already has");
      }
    }
  }

  /** Records a problem for each of {@code roles} that no device claimed. */
  void requireRoles(List<String> roles) {
    for (String role : roles) {
      if (!roleOwners.containsKey(role)) {
        String article = "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ";
        devices.problems().missing(devices.path(), article + noun + " with role " + role, "none",
            devices.origin());
      }
    }
  }
}

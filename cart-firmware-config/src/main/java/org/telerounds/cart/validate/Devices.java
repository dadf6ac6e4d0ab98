package org.telerounds.cart.validate;

/**
 * What cameras and audio inputs have in common: a device name that is an id, a body that is an
 * object, and a label pattern that is a valid, JavaScript-compatible regular expression.
 */
final class Devices {
  private Devices() {}

  /** The device {@code name} under {@code devices}, or {@code null} after recording a problem. */
  static Section device(Section devices, String name) {
    if (!Section.ID.matcher(name).matches()) {
      devices.problem(name, "a device name matching [a-z0-9-]{1,64}", Found.quote(name));
      return null;
    }
    return devices.object(name, true);
  }

  /** The device's {@code label-pattern}, or {@code null} after recording a problem. */
  static String labelPattern(Section device) {
    String expected = "a regular expression matching the device label";
    String pattern = device.string("label-pattern", expected);
    if (pattern == null) {
      return null;
    }
    String why = LabelPatterns.whyInvalid(pattern);
    if (why != null) {
      device.problem("label-pattern", "a valid regular expression", Found.quote(pattern) + " (" + why + ")");
      return null;
    }
    return pattern;
  }
}

package org.telerounds.cart.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telerounds.cart.model.Camera;
import org.telerounds.cart.model.CameraRole;
import org.telerounds.cart.model.Resolution;

/**
 * Reads {@code cameras}, an object of device name to camera. Each camera needs a label pattern, a
 * role, a supported resolution, a frame rate of 1 to 60 and a bitrate cap of 100 kbps to 8 Mbps;
 * simulcast and PTZ are optional. Exactly one camera is {@code camera:room}, at most one
 * {@code camera:exam}.
 */
final class CameraValidator {
  static final List<String> KEYS =
      List.of("label-pattern", "role", "resolution", "fps", "max-bitrate-kbps", "simulcast", "ptz");
  static final List<String> ROLES = Arrays.stream(CameraRole.values()).map(CameraRole::wire).toList();
  static final List<String> RESOLUTIONS = Resolution.SUPPORTED.stream().map(Resolution::toString).toList();

  private CameraValidator() {}

  /** The cameras, sorted by name; only meaningful when no problem was recorded. */
  static List<Camera> read(Section root) {
    Section cameras = root.object("cameras", true, "an object of device name to camera");
    if (cameras == null) {
      return List.of();
    }
    DeviceRules rules = new DeviceRules(cameras, "camera");
    List<Camera> out = new ArrayList<>();
    for (String name : cameras.keys()) {
      Section c = Devices.device(cameras, name);
      if (c == null) {
        continue;
      }
      c.rejectUnknown(KEYS);
      String pattern = Devices.labelPattern(c);
      String role = c.choice("role", ROLES, null);
      rules.claim(c, role, pattern);
      String resolution = c.choice("resolution", RESOLUTIONS, null);
      Integer fps = c.integer("fps", 1, 60, "frames per second", null);
      Integer maxKbps = c.integer("max-bitrate-kbps", 100, 8000, "kbps", null);
      var simulcast = SimulcastValidator.read(c, maxKbps);
      var ptz = PtzValidator.read(c);
      if (role != null && resolution != null && fps != null && maxKbps != null && simulcast != null) {
        out.add(new Camera(name, pattern, CameraRole.values()[ROLES.indexOf(role)],
            Resolution.SUPPORTED.get(RESOLUTIONS.indexOf(resolution)), fps, maxKbps, simulcast, ptz));
      }
    }
    rules.requireRoles(List.of(CameraRole.ROOM.wire()));
    return out;
  }
}

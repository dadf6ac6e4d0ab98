package org.telerounds.cart.validate;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.telerounds.cart.model.SimulcastLayer;

/**
 * Reads a camera's optional {@code simulcast} list: 1 to 3 layers, largest first, each with a
 * unique rid, a {@code scale-down-by} larger than the layer before, and a bitrate cap no higher
 * than the layer before or the camera's own cap. Without the key a camera sends one layer
 * ({@code rid "f"}, full size, at the camera's cap), which means no simulcast.
 */
final class SimulcastValidator {
  static final List<String> KEYS = List.of("rid", "scale-down-by", "max-bitrate-kbps");
  private static final Pattern RID = Pattern.compile("[a-z0-9]{1,16}");

  private SimulcastValidator() {}

  /** The layers, or {@code null} after recording a problem; {@code cameraKbps} may be null. */
  static List<SimulcastLayer> read(Section camera, Integer cameraKbps) {
    ConfigList list = camera.list("simulcast", "a list of 1 to 3 layers", false);
    if (list == null) {
      if (camera.value("simulcast") != null) {
        return null;
      }
      return cameraKbps == null ? List.of() : List.of(new SimulcastLayer("f", 1, cameraKbps));
    }
    if (list.isEmpty() || list.size() > 3) {
      camera.problem("simulcast", "a list of 1 to 3 layers", list.size() + " layers");
      return null;
    }
    List<SimulcastLayer> layers = new ArrayList<>();
    Set<String> rids = new HashSet<>();
    int before = camera.problems().list().size();
    Integer lastScale = null;
    Integer lastKbps = cameraKbps;
    for (int i = 0; i < list.size(); i++) {
      String path = camera.pathOf("simulcast") + "[" + i + "]";
      ConfigValue v = list.get(i);
      if (v.valueType() != ConfigValueType.OBJECT) {
        camera.problems().add(path, "an object with " + String.join(", ", KEYS), Found.describe(v), v.origin());
        continue;
      }
      Section layer = new Section(path, (ConfigObject) v, camera.problems());
      layer.rejectUnknown(KEYS);
      String rid = layer.string("rid", "a string matching [a-z0-9]{1,16}");
      if (rid != null && !RID.matcher(rid).matches()) {
        layer.problem("rid", "a string matching [a-z0-9]{1,16}", Found.quote(rid));
      } else if (rid != null && !rids.add(rid)) {
        layer.problem("rid", "a rid no other layer of this camera has", Found.quote(rid));
      }
      Integer scale = layer.integer("scale-down-by", 1, 16, null, null);
      if (scale != null && lastScale != null && scale <= lastScale) {
        layer.problem("scale-down-by", "more than " + lastScale
            + " (each layer smaller than the one before)", String.valueOf(scale));
      }
      Integer kbps = layer.integer("max-bitrate-kbps", 100, 8000, "kbps", null);
      if (kbps != null && lastKbps != null && kbps > lastKbps) {
        layer.problem("max-bitrate-kbps", "at most " + lastKbps + (i == 0
            ? " (the camera's max-bitrate-kbps)" : " (the layer before)"), String.valueOf(kbps));
      }
      lastScale = scale != null ? scale : lastScale;
      lastKbps = kbps != null ? kbps : lastKbps;
      layers.add(new SimulcastLayer(rid, scale == null ? 0 : scale, kbps == null ? 0 : kbps));
    }
    return camera.problems().list().size() == before ? layers : null;
  }
}

package org.telerounds.cart.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.telerounds.cart.model.AudioInput;
import org.telerounds.cart.model.Camera;
import org.telerounds.cart.model.CartProfile;
import org.telerounds.cart.model.Ptz;
import org.telerounds.cart.model.PtzPreset;
import org.telerounds.cart.model.Range;
import org.telerounds.cart.model.SimulcastLayer;
import org.telerounds.cart.model.TurnServer;

/**
 * Renders a {@link CartProfile} as the JSON object a cart reads. Keys are the HOCON keys in
 * camelCase ({@code max-bitrate-kbps} becomes {@code maxBitrateKbps}); device maps become arrays
 * sorted by id, each element carrying its {@code id}; a resolution becomes
 * {@code {"width":..,"height":..}}; an absent PTZ head or axis is left out. Every other value is
 * present, defaults included.
 */
public final class ProfileJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ProfileJson() {}

  /** The JSON form of {@code profile}. */
  public static ObjectNode render(CartProfile profile) {
    ObjectNode root = JSON.objectNode();
    root.put("schemaVersion", profile.schemaVersion());
    ObjectNode id = root.putObject("identity");
    id.put("cartId", profile.identity().cartId());
    id.put("model", profile.identity().model());
    id.put("hospital", profile.identity().hospital());
    id.put("ward", profile.identity().ward());
    ArrayNode cameras = root.putArray("cameras");
    profile.cameras().forEach(c -> cameras.add(camera(c)));
    ArrayNode audio = root.putArray("audioInputs");
    profile.audioInputs().forEach(a -> audio.add(audio(a)));
    ObjectNode net = root.putObject("network");
    net.put("signalingUrl", profile.network().signalingUrl());
    ArrayNode turn = net.putArray("turnServers");
    profile.network().turnServers().forEach(t -> turn.add(turn(t)));
    ObjectNode privacy = root.putObject("privacy");
    privacy.put("videoOffOnStart", profile.privacy().videoOffOnStart());
    privacy.put("mutedOnStart", profile.privacy().mutedOnStart());
    privacy.put("allowRemotePtz", profile.privacy().allowRemotePtz());
    privacy.put("idlePrivacyAfterSeconds", profile.privacy().idlePrivacyAfterSeconds());
    return root;
  }

  private static ObjectNode camera(Camera c) {
    ObjectNode o = JSON.objectNode();
    o.put("id", c.id());
    o.put("labelPattern", c.labelPattern());
    o.put("role", c.role().wire());
    o.putObject("resolution").put("width", c.resolution().width()).put("height", c.resolution().height());
    o.put("fps", c.fps());
    o.put("maxBitrateKbps", c.maxBitrateKbps());
    ArrayNode layers = o.putArray("simulcast");
    for (SimulcastLayer l : c.simulcast()) {
      layers.addObject().put("rid", l.rid()).put("scaleDownBy", l.scaleDownBy()).put("maxBitrateKbps", l.maxBitrateKbps());
    }
    if (c.ptz() != null) {
      Ptz p = c.ptz();
      ObjectNode ptz = o.putObject("ptz");
      range(ptz, "pan", p.pan());
      range(ptz, "tilt", p.tilt());
      range(ptz, "zoom", p.zoom());
      if (!p.presets().isEmpty()) {
        ObjectNode presets = ptz.putObject("presets");
        for (PtzPreset preset : p.presets()) {
          ObjectNode o2 = presets.putObject(preset.name());
          axis(o2, "pan", preset.pan());
          axis(o2, "tilt", preset.tilt());
          axis(o2, "zoom", preset.zoom());
        }
      }
    }
    return o;
  }

  private static void axis(ObjectNode position, String axis, Integer value) {
    if (value != null) {
      position.put(axis, value.intValue());
    }
  }

  private static void range(ObjectNode ptz, String axis, Range r) {
    if (r != null) {
      ptz.putObject(axis).put("min", r.min()).put("max", r.max());
    }
  }

  private static ObjectNode audio(AudioInput a) {
    ObjectNode o = JSON.objectNode();
    o.put("id", a.id());
    o.put("labelPattern", a.labelPattern());
    o.put("role", a.role().wire());
    o.put("processing", a.processing().wire());
    o.put("preset", a.preset().wire());
    return o;
  }

  private static ObjectNode turn(TurnServer t) {
    ObjectNode o = JSON.objectNode();
    ArrayNode urls = o.putArray("urls");
    t.urls().forEach(urls::add);
    o.put("username", t.username());
    o.put("credential", t.credential());
    return o;
  }
}

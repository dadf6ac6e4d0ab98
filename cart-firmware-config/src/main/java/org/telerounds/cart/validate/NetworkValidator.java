package org.telerounds.cart.validate;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.telerounds.cart.model.Network;
import org.telerounds.cart.model.TurnServer;

/**
 * Reads {@code network}: the signaling WebSocket URL and the TURN servers. The URL must be
 * {@code wss://} (plain {@code ws://} only on loopback, for development); each TURN server has one
 * or more {@code turn:}/{@code turns:} URLs and a username and credential.
 */
final class NetworkValidator {
  static final List<String> KEYS = List.of("signaling-url", "turn-servers");
  static final List<String> TURN_KEYS = List.of("urls", "username", "credential");
  static final String URL_EXPECTED = "a wss:// URL (ws:// only for localhost)";
  static final String TURN_EXPECTED = "a turn: or turns: URL such as turns:turn.example.org:5349?transport=tcp";

  private NetworkValidator() {}

  /** The network settings, or {@code null} when the section is missing or not an object. */
  static Network read(Section root) {
    Section n = root.object("network", true);
    if (n == null) {
      return null;
    }
    n.rejectUnknown(KEYS);
    String url = n.string("signaling-url", URL_EXPECTED);
    if (url != null && !Urls.isSignalingUrl(url)) {
      n.problem("signaling-url", URL_EXPECTED, Found.quote(url));
    }
    ConfigList list = n.list("turn-servers", "a list of TURN servers", false);
    List<TurnServer> turn = new ArrayList<>();
    for (int i = 0; list != null && i < list.size(); i++) {
      String path = n.pathOf("turn-servers") + "[" + i + "]";
      ConfigValue v = list.get(i);
      if (v.valueType() != ConfigValueType.OBJECT) {
        n.problems().add(path, "an object with " + String.join(", ", TURN_KEYS), Found.describe(v), v.origin());
        continue;
      }
      Section t = new Section(path, (ConfigObject) v, n.problems());
      t.rejectUnknown(TURN_KEYS);
      List<String> urls = turnUrls(t);
      String username = t.string("username");
      String credential = t.string("credential");
      turn.add(new TurnServer(urls, username, credential));
    }
    return new Network(url, turn);
  }

  private static List<String> turnUrls(Section t) {
    ConfigList urls = t.list("urls", "a non-empty list of turn: or turns: URLs", true);
    if (urls == null) {
      return List.of();
    }
    if (urls.isEmpty()) {
      t.problem("urls", "a non-empty list of turn: or turns: URLs", "an empty list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      ConfigValue u = urls.get(i);
      String path = t.pathOf("urls") + "[" + i + "]";
      if (u.valueType() != ConfigValueType.STRING) {
        t.problems().add(path, TURN_EXPECTED, Found.describe(u), u.origin());
      } else if (!Urls.isTurnUrl((String) u.unwrapped())) {
        t.problems().add(path, TURN_EXPECTED, Found.quote((String) u.unwrapped()), u.origin());
      } else {
        out.add((String) u.unwrapped());
      }
    }
    return out;
  }
}

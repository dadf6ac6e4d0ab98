package org.telerounds.signaling.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * The role rules in one place: who may join live rounds and which track roles each may publish.
 * Auditors and admins never join rounds; carts publish cart inputs; others publish their own
 * camera and microphone.
 */
public final class Permissions {
  private static final Set<Role> MAY_JOIN = EnumSet.of(Role.CART, Role.EXPERT, Role.OPERATOR);

  private Permissions() {}

  /** Throws 403 unless {@code claims} may join {@code room}. */
  public static void checkJoin(Claims claims, String room) throws AuthException {
    if (!MAY_JOIN.contains(claims.role())) {
      throw new AuthException(403, "role-forbidden", "role " + claims.role().wireName() + " cannot join live rounds");
    }
    if (!claims.mayEnter(room)) {
      throw new AuthException(403, "room-forbidden", "token does not grant this room");
    }
  }

  /** True if {@code role} may publish a track with the given track-role wire name. */
  public static boolean mayPublish(Role role, String trackRole) {
    boolean cartInput = trackRole.startsWith("camera:room") || trackRole.startsWith("camera:exam")
        || trackRole.startsWith("mic:patient") || trackRole.startsWith("mic:room")
        || trackRole.equals("audio:stethoscope");
    boolean own = trackRole.equals("camera:participant") || trackRole.equals("mic:participant");
    return switch (role) {
      case CART -> cartInput;
      case OPERATOR -> cartInput || own;
      case EXPERT -> own;
      default -> false;
    };
  }
}

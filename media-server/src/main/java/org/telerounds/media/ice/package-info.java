/**
 * ICE-lite on the shared media port: STUN message codec (with ice4j's integrity and fingerprint
 * primitives), per-transport check handling and consent freshness.
 */
package org.telerounds.media.ice;

/** JWT verification (HS256/RS256), roles and the permission rules checked before any work. */
package org.telerounds.signaling.auth;

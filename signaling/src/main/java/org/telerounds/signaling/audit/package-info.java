/** The audit trail of actions on rounds. */
package org.telerounds.signaling.audit;

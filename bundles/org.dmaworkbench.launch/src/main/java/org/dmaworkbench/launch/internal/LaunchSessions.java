package org.dmaworkbench.launch.internal;

import java.util.Map;
import java.util.WeakHashMap;

import org.dmaworkbench.emulation.session.EmulationSession;
import org.eclipse.debug.core.ILaunch;

/** Which session each DMA Emulation launch runs; weak, so removed launches release their sessions. */
public final class LaunchSessions {
    private static final Map<ILaunch, EmulationSession> SESSIONS = new WeakHashMap<>();

    private LaunchSessions() {
    }

    public static synchronized EmulationSession get(ILaunch launch) {
        return SESSIONS.get(launch);
    }

    static synchronized void put(ILaunch launch, EmulationSession session) {
        SESSIONS.put(launch, session);
    }
}

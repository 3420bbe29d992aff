/**
 * The React side of the session: `AuthProvider` restores it on start and exposes who is signed in
 * (`GET /me`: user, current org, role, memberships) and the actions that change it: sign in,
 * register, accept an invite, switch org, sign out.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from "react";
import type { Me, TokenResponse } from "../../../worker/contracts/auth";
import { can, type Permission, type Role } from "../../../worker/contracts/roles";
import { api, session, unwrap } from "./api";
import type { SessionState } from "./session";

/** Tabs tell each other about a sign-out here, so no tab keeps showing a revoked session. */
const CHANNEL = "fluxo.auth";

/** What `useAuth()` returns. */
export interface Auth {
  state: SessionState;
  /** `GET /me` once signed in (undefined while loading). */
  me: Me | undefined;
  /** The current role: `/me`'s (read fresh by the server) or the token's until `/me` arrives. */
  role: Role | null;
  signIn(credentials: { email: string; password: string }): Promise<void>;
  register(body: { email: string; password: string; name: string; org_name: string }): Promise<void>;
  acceptInvite(body: { token: string; password: string; name?: string }): Promise<void>;
  switchOrg(orgId: string): Promise<void>;
  /** Revokes the session on the server (clearing the refresh cookie), then forgets it here. Throws if the server can't be reached. */
  signOut(): Promise<void>;
  /** Tries again to restore the session after the server couldn't be reached. */
  retry(): void;
}

const AuthContext = createContext<Auth | null>(null);

/** Provides `useAuth()`; mount it inside `QueryClientProvider`, around the router. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const signedIn = state.status === "signed_in";

  useEffect(() => {
    void session.restore();
  }, []);

  const me = useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.api.v1.me.$get()),
    enabled: signedIn,
    staleTime: 30_000,
  });

  const channel = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const opened = new BroadcastChannel(CHANNEL);
    opened.onmessage = (event: MessageEvent) => {
      if (event.data !== "signed_out") return;
      session.signOut("signed_out");
      queryClient.clear();
    };
    channel.current = opened;
    return () => {
      channel.current = null;
      opened.close();
    };
  }, [queryClient]);

  /** A new person or a new session: nothing cached for the previous one may show. */
  const adopt = useCallback(
    (tokens: TokenResponse) => {
      queryClient.clear();
      session.signIn(tokens);
    },
    [queryClient],
  );

  // Right after a switch, /me may still describe the previous org until it refetches: ignore it then.
  const current = state.status === "signed_in" && me.data?.org.id === state.org.id ? me.data : undefined;

  const value = useMemo<Auth>(
    () => ({
      state,
      me: current,
      role: state.status === "signed_in" ? (current?.role ?? state.role) : null,
      async signIn(credentials) {
        adopt(await unwrap(api.api.v1.auth.login.$post({ json: credentials })));
      },
      async register(body) {
        adopt(await unwrap(api.api.v1.auth.register.$post({ json: body })));
      },
      async acceptInvite(body) {
        adopt(await unwrap(api.api.v1.auth["accept-invite"].$post({ json: body })));
      },
      async switchOrg(orgId) {
        const tokens = await unwrap(api.api.v1.auth["switch-org"].$post({ json: { org_id: orgId } }));
        session.signIn(tokens);
        // Every query belongs to the old org: drop the data and refetch what is on screen.
        await queryClient.resetQueries();
      },
      async signOut() {
        // Only the server can clear the HttpOnly refresh cookie: if it can't be reached, stay signed in
        // and let the caller show the error, rather than pretend (a reload would sign back in).
        await unwrap(api.api.v1.auth.logout.$post({ json: {} }));
        session.signOut("signed_out");
        queryClient.clear();
        channel.current?.postMessage("signed_out");
      },
      retry() {
        void session.restore();
      },
    }),
    [state, current, adopt, queryClient],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session and its actions; throws outside `AuthProvider`. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth() needs <AuthProvider> above it");
  return auth;
}

/**
 * Whether the signed-in role grants `permission` (the one matrix in `worker/contracts/roles.ts`).
 * Use it to hide controls the server would refuse anyway.
 * @example const canInvite = useCan("members:manage");
 */
export function useCan(permission: Permission): boolean {
  const { role } = useAuth();
  return role !== null && can(role, permission);
}

import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import { setForbiddenListener, setUnauthorizedListener, token } from '../api/http';
import type { Session } from '../api/types';

/** The title of a control a read-only token may not use: what it needs instead. */
export const READ_ONLY_CHANGE = 'A read-only token cannot do this: changes need the admin token (MSTREAM_API_TOKEN).';
/** Running scripts and schema tools changes nothing, but they are POSTs, which the host keeps for the admin role. */
export const READ_ONLY_RUN = 'A read-only token cannot run this: the host runs scripts and schema tools (POST requests) only for the admin token (MSTREAM_API_TOKEN).';

/** Whether the host wants a token, the one kept for this browser session, and the role it has. */
export const useAuthStore = defineStore('auth', () => {
  const needsToken = ref(false);
  const hasToken = ref(token.get() !== null);
  const session = ref<Session>();
  /** True once the session was asked for (answered or not): the pages wait for it, so they never flash enabled controls. */
  const checked = ref(false);
  // A 401 means the kept token is missing or wrong: ask again.
  setUnauthorizedListener(() => {
    needsToken.value = true;
  });
  setForbiddenListener(() => void loadSession());

  async function loadSession(): Promise<void> {
    try {
      session.value = await api.session();
    } catch {
      // A 401 opens the prompt. Otherwise controls stay enabled: the host refuses what the role may not do anyway.
    } finally {
      checked.value = true;
    }
  }

  /** Only a known read role disables controls; an unknown one leaves the host to decide. */
  const readOnly = computed(() => session.value?.can_write === false);
  /** Bind as `:title` and, negated, as `:disabled`: the reason, or undefined when the role may. */
  const noChange = computed(() => (readOnly.value ? READ_ONLY_CHANGE : undefined));
  const noRun = computed(() => (readOnly.value ? READ_ONLY_RUN : undefined));

  function submit(value: string): void {
    token.set(value.trim());
    hasToken.value = true;
    needsToken.value = false;
  }

  function forget(): void {
    token.clear();
    hasToken.value = false;
    session.value = undefined;
  }

  return { needsToken, hasToken, session, checked, readOnly, noChange, noRun, loadSession, submit, forget };
});

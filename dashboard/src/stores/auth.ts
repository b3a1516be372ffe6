import { defineStore } from 'pinia';
import { ref } from 'vue';
import { setUnauthorizedListener, token } from '../api/http';

/** Whether the host wants a token, and the one kept for this browser session. */
export const useAuthStore = defineStore('auth', () => {
  const needsToken = ref(false);
  const hasToken = ref(token.get() !== null);
  // A 401 means the kept token is missing or wrong: ask again.
  setUnauthorizedListener(() => {
    needsToken.value = true;
  });

  function submit(value: string): void {
    token.set(value.trim());
    hasToken.value = true;
    needsToken.value = false;
  }

  function forget(): void {
    token.clear();
    hasToken.value = false;
  }

  return { needsToken, hasToken, submit, forget };
});

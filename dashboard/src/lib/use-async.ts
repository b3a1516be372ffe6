import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ApiError } from '../api/http';

export interface AsyncState<T> {
  data: ShallowRef<T | undefined>;
  error: Ref<ApiError | undefined>;
  loading: Ref<boolean>;
  load: () => Promise<T | undefined>;
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError((error as Error)?.message ?? String(error), 0, 'CLIENT');
}

/** Loading/data/error for one API read: the three states every panel shows. */
export function useAsync<T>(fetcher: () => Promise<T>): AsyncState<T> {
  const data = shallowRef<T>();
  const error = ref<ApiError>();
  const loading = ref(false);
  async function load() {
    loading.value = true;
    try {
      data.value = await fetcher();
      error.value = undefined;
      return data.value;
    } catch (e) {
      error.value = toApiError(e);
      return undefined;
    } finally {
      loading.value = false;
    }
  }
  return { data, error, loading, load };
}

/**
 * A fetch for client tests: records every request and answers with the given responses in order
 * (an unexpected extra request fails loudly). Generic over the request and response types, since
 * core has no DOM types: the browser apps call it as `fakeFetch<Request, Response>(…)`.
 */
export function fakeFetch<Req extends { method: string; url: string }, Res>(...answers: Res[]) {
  const requests: Req[] = [];
  const fetch = async (request: Req): Promise<Res> => {
    requests.push(request);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return answer;
  };
  return { fetch, requests };
}

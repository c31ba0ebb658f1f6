import * as z from 'zod/mini';

/** Money as stored: minor units and an ISO currency (shared by several item schemas). */
export const storedMoney = () => z.object({ amount: z.int(), currency: z.string() });

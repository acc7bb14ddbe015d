/** The STOW-RS endpoint (clients, through the load balancer) and the plain health check port (load balancer only). */
export const STOWRS_PORTS = { https: 443, health: 8081 } as const;

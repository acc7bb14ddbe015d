/** Ports of the research lab (the seed's: SSH, Jupyter 8888, FileGator 8080). */
export const LAB_PORTS = { ssh: 22, jupyter: 8888, fileGator: 8080 } as const;

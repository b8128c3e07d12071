/** Types for the plain-JavaScript Node.js version guard (see check-node.mjs for why it is JavaScript). */
export declare const NEEDED: string;
export declare function nodeVersionProblem(version: string): string | undefined;

package dev.taskapp.openapi;

/**
 * Describes the routes of one contract in the OpenAPI document of a task app. Each contract
 * the app serves contributes its own operations and schemas, with the base path and
 * authentication it is served with.
 */
public interface OpenApiContributor {

	/**
	 * Adds the contract's operations and schemas to the document.
	 * @param document the document being built
	 */
	void contribute(OpenApiDocumentBuilder document);

}
